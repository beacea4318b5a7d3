// CRD `pattern`s as Go's regexp (RE2) reads them: syntax and unanchored matching, Go's error
// wording for what RE2 refuses, agreement with a backtracking engine on random small patterns,
// and patterns that take a backtracking engine exponential time answered at once.
@testable import KubeModel
import SeededRandom
import Testing

@Suite("RE2 patterns")
struct RE2PatternTests {
    static let cases: [(String, String, Bool)] = [
        ("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "my-name-1", true),
        ("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "my-name-", false),
        ("^[a-z0-9-]+$", "Bad_Name", false),
        (#"((?:\d{1,3}\.){3}\d{1,3})\/(\d{1,2})$"#, "10.0.0.0/8", true),
        (#"((?:\d{1,3}\.){3}\d{1,3})\/(\d{1,2})$"#, "10.0.0/8", false),
        ("b", "abc", true),  // unanchored
        ("^b", "abc", false),
        ("c$", "abc", true),
        ("a$", "a\n", false),  // Go: `$` is the end of the text, not before a final newline
        ("(?m)a$", "a\nb", true),
        ("(?m)^b", "a\nb", true),
        ("^b", "a\nb", false),
        (#"\Aab\z"#, "ab", true),
        ("a.c", "a\nc", false),
        ("(?s)a.c", "a\nc", true),
        ("(?i)hello", "HeLLo", true),
        ("(?i:h)ello", "Hello", true),
        ("(?i:h)ello", "HELLO", false),
        ("[[:alpha:]]+[[:digit:]]", "abc1", true),
        ("[[:^digit:]]", "123", false),
        (#"\bfoo\b"#, "a foo b", true),
        (#"\bfoo\b"#, "afoob", false),
        (#"\Bfoo"#, "afoo", true),
        (#"\d+"#, "x٣", false),  // \d is ASCII only
        (#"\pL+"#, "héllo", true),
        (#"\p{Lu}"#, "abc", false),
        (#"\P{L}"#, "abc", false),
        (#"[^\d\s]"#, "1 2", false),
        ("[]a]", "]", true),
        ("[a-]", "-", true),
        (#"\x41\x{42}\103"#, "ABC", true),
        (#"\Q.*\E"#, "a.*b", true),
        (#"\Q.*\E"#, "ab", false),
        ("a{2,3}", "a", false),
        ("^a{2,3}$", "aaaa", false),
        ("^a{2,}$", "aaaaa", true),
        ("^(ab|cd){2}$", "abcd", true),
        ("x{", "x{", true),  // not a repetition: literal brace
        ("a{,2}", "a{,2}", true),
        ("(?P<year>\\d{4})-(?<month>\\d{2})", "2026-11", true),
        ("^(a*)*$", "aaa", true),
        ("^(|a)+$", "", true),
        ("", "anything", true),
    ]

    @Test func matchesAsGoDoes() throws {
        for (pattern, text, expected) in Self.cases {
            #expect(try RE2Pattern(pattern).matches(text) == expected, "\(pattern) on \(text.debugDescription)")
        }
    }

    @Test func refusesWhatRE2RefusesInGosWords() {
        let cases: [(String, String)] = [
            ("a(b", "missing closing ): `a(b`"),
            ("a)", "unexpected ): `a)`"),
            ("a**", "invalid nested repetition operator: `**`"),
            ("*a", "missing argument to repetition operator: `*`"),
            ("a|+", "missing argument to repetition operator: `+`"),
            ("a{1001}", "invalid repeat count: `{1001}`"),
            ("a{3,2}", "invalid repeat count: `{3,2}`"),
            ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
            ("(?<!a)b", "invalid named capture: `(?<!`"),
            (#"(a)\1"#, #"invalid escape sequence: `\1`"#),
            (#"\k"#, #"invalid escape sequence: `\k`"#),
            ("[a", "missing closing ]: `[a`"),
            ("[z-a]", "invalid character class range: `z-a`"),
            ("[[:nope:]]", "invalid character class range: `[:nope:]`"),
            (#"\p{Greekish}"#, #"invalid character class range: `\p{Greekish}`"#),
            ("a\\", "trailing backslash at end of expression: ``"),
            (#"\xA"#, #"invalid escape sequence: `\xA`"#),
            (#"\x{110000}"#, #"invalid escape sequence: `\x{110000}`"#),
        ]
        for (pattern, message) in cases {
            #expect(throws: RE2Error(message: message), "\(pattern)") { try RE2Pattern(pattern) }
        }
    }

    @Test func patternsThatBacktrackExponentiallyAnswerAtOnce() throws {
        let long = String(repeating: "a", count: 5000)
        #expect(try !RE2Pattern("^(a+)+$").matches(long + "!"))
        #expect(try !RE2Pattern("^(a|aa)*$").matches(long + "b"))
        #expect(try !RE2Pattern("(x+x+)+y").matches(String(repeating: "x", count: 5000)))
        #expect(try RE2Pattern("^(a+)+$").matches(long))
        #expect(throws: RE2Error(message: "expression too large")) { try RE2Pattern("((a{1000}){1000}){1000}") }
    }

    /// Small random patterns over {a, b} against every short text: the same answers as Swift's
    /// backtracking engine (which agrees with RE2 on this syntax when no newline is involved).
    @Test func agreesWithABacktrackingEngineOnRandomPatterns() throws {
        var rng = SplitMix64(seed: 2026)
        var texts = [""]
        for length in 1...5 {
            texts += (0..<(1 << length)).map { bits in
                String((0..<length).map { bits >> $0 & 1 == 0 ? "a" : "b" })
            }
        }
        for _ in 0..<1000 {
            let pattern = Self.randomPattern(&rng, depth: 3)
            let ours = try RE2Pattern(pattern)
            let theirs = try Regex(pattern)
            for text in texts {
                #expect(ours.matches(text) == text.contains(theirs), "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    static func randomPattern(_ rng: inout SplitMix64, depth: Int) -> String {
        let pick = depth == 0 ? rng.next() % 4 : rng.next() % 9
        switch pick {
        case 0: return "a"
        case 1: return "b"
        case 2: return ["[ab]", "[^a]", ".", "^", "$"][Int(rng.next() % 5)]
        case 3: return ""
        case 4, 5: return randomPattern(&rng, depth: depth - 1) + randomPattern(&rng, depth: depth - 1)
        case 6: return "(" + randomPattern(&rng, depth: depth - 1) + "|" + randomPattern(&rng, depth: depth - 1) + ")"
        default:
            let op = ["*", "+", "?", "{2}", "{1,2}", "{0,}"][Int(rng.next() % 6)]
            return "(" + randomPattern(&rng, depth: depth - 1) + ")" + op
        }
    }
}
