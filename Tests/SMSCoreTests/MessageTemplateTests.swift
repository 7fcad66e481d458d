import SMSCore
import Testing

@Suite("Message templates")
struct MessageTemplateTests {
    @Test("fields are replaced, text is kept, spaces inside braces are allowed")
    func render() throws {
        let template = try MessageTemplate("Bonjour {{ first_name }}, votre code : {{code}}.")
        #expect(template.fields == ["first_name", "code"])
        #expect(try template.render(["first_name": "Ana", "code": "4242"]) == "Bonjour Ana, votre code : 4242.")
    }

    @Test("an unknown field is an error naming it and what the contact has")
    func unknownField() throws {
        let template = try MessageTemplate("Bonjour {{first_name}} !")
        #expect(throws: SMSCoreError(
            code: .unknownTemplateField,
            message: "the template uses {{first_name}} but the contact has no 'first_name' field (it has: phone)")
        ) {
            try template.render(["phone": "+33612345678"])
        }
    }

    @Test("an unclosed or malformed placeholder is refused when the template is made")
    func malformed() {
        #expect(throws: SMSCoreError.self) { try MessageTemplate("Bonjour {{first_name") }
        #expect(throws: SMSCoreError.self) { try MessageTemplate("Bonjour {{}}") }
        #expect(throws: SMSCoreError.self) { try MessageTemplate("Bonjour {{first name}}") }
    }

    @Test("text without placeholders renders as is, even with single braces")
    func plain() throws {
        #expect(try MessageTemplate("Prix: {10} €").render([:]) == "Prix: {10} €")
        #expect(try MessageTemplate("").render([:]) == "")
    }
}
