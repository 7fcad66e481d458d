import Providers
import Testing

@Suite struct MultipartBodyTests {
    @Test func partsAreDelimitedByTheBoundaryWithCRLF() throws {
        var form = MultipartBody()
        form.addField("contactlist_id", "12")
        form.addFile("file", filename: "a \"b\".csv", content: Array("tel\n0612345678".utf8))
        let body = String(decoding: form.encoded(), as: UTF8.self)
        let b = form.boundary
        #expect(form.contentType == "multipart/form-data; boundary=\(b)")
        #expect(
            body == "--\(b)\r\nContent-Disposition: form-data; name=\"contactlist_id\"\r\n\r\n12\r\n"
                + "--\(b)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\ntel\n0612345678\r\n--\(b)--\r\n")
    }

    @Test func aBoundaryFoundInAPartIsReplaced() throws {
        var form = MultipartBody()
        let clash = form.boundary
        form.addFile("file", filename: "f.txt", contentType: "text/plain", content: Array("x --\(clash) y".utf8))
        let body = String(decoding: form.encoded(), as: UTF8.self)
        #expect(form.boundary != clash)
        #expect(body.hasPrefix("--\(form.boundary)\r\n"))
        #expect(body.hasSuffix("--\(form.boundary)--\r\n"))
    }
}
