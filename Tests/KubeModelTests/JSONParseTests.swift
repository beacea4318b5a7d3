// The JSON parser on the string escapes clients really send: surrogate pairs, and broken ones (a
// client that cut a string inside an emoji), which become U+FFFD instead of failing or trapping.
import KubeModel
import Testing

@Suite("JSON string escapes")
struct JSONParseTests {
    @Test func aSurrogatePairIsOneScalar() throws {
        #expect(try JSON.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func aHighSurrogateFollowedByAnotherEscapeKeepsTheOtherEscape() throws {
        #expect(try JSON.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSON.parse(#""\ud800\ud800\udc00""#) == .string("\u{FFFD}\u{10000}"))
        #expect(try JSON.parse(#""\ud800\n""#) == .string("\u{FFFD}\n"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSON.parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try JSON.parse(#""\udc00x""#) == .string("\u{FFFD}x"))
    }
}

@Suite("Timestamps at the edges")
struct TimestampEdgeTests {
    @Test func timesBeyondInt64SecondsSaturateInsteadOfTrapping() {
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00Z")
        #expect(!Timestamp.format(1e30).isEmpty)
        #expect(!Timestamp.format(-1e30).isEmpty)
        #expect(Timestamp.format(.nan) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.format(.infinity) == Timestamp.format(1e30))
    }
}
