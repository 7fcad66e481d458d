import Repl
import Testing

@Suite("Line editing moves")
struct LineBufferTests {
    @Test func insertMoveDelete() {
        var b = LineBuffer("sms.send")
        b.moveLeft()
        b.moveLeft()
        b.moveLeft()
        b.moveLeft()
        b.insert("X")
        #expect(b.text == "sms.Xsend")
        b.deleteBackward()
        b.deleteForward()
        #expect(b.text == "sms.end")
        b.moveHome()
        b.deleteBackward()
        #expect(b.cursor == 0)
        b.moveEnd()
        #expect(b.cursor == 7)
    }

    @Test func wordsAndKills() {
        var b = LineBuffer("local x = sms.segments")
        b.killWordBackward()
        #expect(b.text == "local x = sms.")
        b.moveWordLeft()
        #expect(b.textBeforeCursor == "local x = ")
        b.killToEnd()
        #expect(b.text == "local x = ")
        b.moveWordLeft()
        b.killToStart()
        #expect(b.text == "x = ")
        b.moveWordRight()
        #expect(b.cursor == 1)
    }

    @Test("graphemes are never split; completion replaces the word before the cursor")
    func graphemesAndReplace() {
        var b = LineBuffer("é👍🏽")
        b.deleteBackward()
        #expect(b.text == "é")
        var c = LineBuffer("x = sms.se")
        c.replaceBeforeCursor(6, with: "sms.segments")
        #expect(c.text == "x = sms.segments")
        #expect(ReplCompletion(word: "sms.se", candidates: ["sms.segments", "sms.send"]).commonPrefix == "sms.se")
        #expect(ReplCompletion(word: "st", candidates: ["stops", "string"]).commonPrefix == "st")
    }
}
