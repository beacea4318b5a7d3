// String format checkers and Go-style value rendering used in schema validation messages.

import Testing

@testable import KubeModel

@Suite struct SchemaFormatTests {
    func ok(_ format: String, _ values: [String]) -> [String] {
        values.filter { !SchemaFormats.check(format, $0) }
    }

    func bad(_ format: String, _ values: [String]) -> [String] {
        values.filter { SchemaFormats.check(format, $0) }
    }

    @Test func supportedFormatsOnly() {
        #expect(SchemaFormats.supportedName("date-time") == "date-time")
        #expect(SchemaFormats.supportedName("int32") == "")
        #expect(SchemaFormats.supportedName("int-or-string") == "")
        #expect(SchemaFormats.check("unknown", "anything"))
    }

    @Test func networkFormats() {
        #expect(ok("ipv4", ["10.0.0.1", "010.001.0.1", "::ffff:1.2.3.4"]) == [])
        #expect(bad("ipv4", ["10.0.0", "1.2.3.4.5", "256.1.1.1", "::1", "a.b.c.d"]) == [])
        #expect(ok("ipv6", ["::1", "fe80::1", "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1", "1:2:3:4:5:6:7:8"]) == [])
        #expect(bad("ipv6", ["10.0.0.1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::1"]) == [])
        #expect(ok("cidr", ["10.0.0.0/8", "::/0", "fd00::/128"]) == [])
        #expect(bad("cidr", ["10.0.0.0/33", "10.0.0.0", "10.0.0.0/", "fd00::/129"]) == [])
        #expect(ok("mac", ["00:00:5e:00:53:01", "00-00-5E-00-53-01", "0000.5e00.5301", "02:00:5e:10:00:00:00:01"]) == [])
        #expect(bad("mac", ["00:00:5e:00:53", "00:00:5e-00:53:01", "zz:00:5e:00:53:01"]) == [])
        #expect(ok("hostname", ["localhost", "a-host", "a.example.com", "my-host.example", "xn--bcher-kva.example"]) == [])
        // go-openapi's pattern allows a dash in a bare label only right after its first character.
        #expect(bad("hostname", ["my-host", "-bad", "a..b", "example.c", "a_b.com", String(repeating: "a", count: 64) + ".com"]) == [])
        #expect(ok("uri", ["https://example.com/a?b=c", "/relative/path", "mailto:user@example.com"]) == [])
        #expect(bad("uri", ["example.com", "", "http://a b/", "1http://x"]) == [])
        #expect(ok("email", ["user@example.com", "Jo <jo@example.com>"]) == [])
        #expect(bad("email", ["user", "@example.com", "a@", "a b@c.d"]) == [])
    }

    @Test func otherFormats() {
        #expect(ok("uuid", ["123e4567-e89b-12d3-a456-426614174000", "123E4567E89B12D3A456426614174000"]) == [])
        #expect(bad("uuid", ["123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-42661417400g"]) == [])
        #expect(ok("uuid4", ["123e4567-e89b-42d3-a456-426614174000"]) == [])
        #expect(bad("uuid4", ["123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-42d3-c456-426614174000"]) == [])
        #expect(ok("byte", ["aGVsbG8=", "aGk=", "YWJj"]) == [])
        #expect(bad("byte", ["", "abc", "a===", "ab=c", "aGVsbG8"]) == [])
        #expect(ok("date", ["2024-02-29", "1999-12-31"]) == [])
        #expect(bad("date", ["2023-02-29", "2024-13-01", "2024-1-01", "20240101"]) == [])
        #expect(ok("date-time", ["2024-01-02T03:04:05Z", "2024-01-02t03:04:05.123+02:00", "2024-01-02T23:59:59-07:00"]) == [])
        #expect(bad("date-time", ["2024-01-02", "2024-01-02T24:00:00Z", "2024-01-02T03:04:05", "2024-01-02T03:04Z"]) == [])
        #expect(ok("duration", ["1h30m", "-1.5s", "0", "300ms", "3 days", "2 weeks", "10µs"]) == [])
        #expect(bad("duration", ["", "soon", "1x", "h"]) == [])
        #expect(ok("hexcolor", ["#fff", "A0B1C2"]) == [])
        #expect(bad("hexcolor", ["#ffff", "#ggg"]) == [])
        #expect(ok("rgbcolor", ["rgb(0,0,0)", "rgb( 255 , 10 ,9 )"]) == [])
        #expect(bad("rgbcolor", ["rgb(256,0,0)", "rgb(01,0,0)", "rgb(0,0)"]) == [])
        #expect(ok("isbn", ["0-306-40615-2", "978-0-306-40615-7"]) == [])
        #expect(bad("isbn", ["0-306-40615-3", "978-0-306-40615-8"]) == [])
        #expect(ok("creditcard", ["4111 1111 1111 1111", "5500-0000-0000-0004"]) == [])
        #expect(bad("creditcard", ["4111 1111 1111 1112", "1234"]) == [])
        #expect(ok("ssn", ["123-45-6789", "123 45 6789"]) == [])
        #expect(bad("ssn", ["123456789", "12-345-6789"]) == [])
        #expect(ok("bsonobjectid", ["507f1f77bcf86cd799439011"]) == [])
        #expect(ok("password", [""]) == [])
    }

    @Test func goValueRendering() {
        #expect(SchemaText.float(1.5) == "1.5")
        #expect(SchemaText.float(100000) == "100000")
        #expect(SchemaText.float(1_000_000) == "1e+06")
        #expect(SchemaText.float(1_234_567.5) == "1.2345675e+06")
        #expect(SchemaText.float(0.0001) == "0.0001")
        #expect(SchemaText.float(0.00001) == "1e-05")
        #expect(SchemaText.float(-2.5e-10) == "-2.5e-10")
        #expect(SchemaText.float(1e21) == "1e+21")
        #expect(SchemaText.quote("a\"b\\c\n\u{1}é") == #""a\"b\\c\n\x01é""#)
        #expect(SchemaText.fieldValue(["b": [1, 2.5, nil], "a": "x"]) == #"map[string]interface {}{"a":"x", "b":[]interface {}{1, 2.5, interface {}(nil)}}"#)
        #expect(SchemaText.fieldValue(.bool(true)) == "true")
        #expect(SchemaText.fieldValue(nil) == "null")
    }
}
