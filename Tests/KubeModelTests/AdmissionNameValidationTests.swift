// Tests of the name and value syntax rules and their upstream wording.
import Testing
import KubeModel

@Suite struct AdmissionNameValidationTests {
    @Test func subdomainAcceptsDottedLowercase() {
        #expect(NameValidation.dns1123Subdomain("example.com").isEmpty)
        #expect(NameValidation.dns1123Subdomain("a-b.c-d.e").isEmpty)
        #expect(NameValidation.dns1123Subdomain("0").isEmpty)
    }

    @Test func subdomainRejectsWithUpstreamMessage() {
        let expected = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        #expect(NameValidation.dns1123Subdomain("Example.com") == [expected])
        #expect(NameValidation.dns1123Subdomain("a..b") == [expected])
        #expect(NameValidation.dns1123Subdomain("-a") == [expected])
        #expect(NameValidation.dns1123Subdomain("") == [expected])
    }

    @Test func subdomainLengthLimit() {
        let long = String(repeating: "a", count: 254)
        #expect(NameValidation.dns1123Subdomain(long) == ["must be no more than 253 characters"])
        #expect(NameValidation.dns1123Subdomain(String(repeating: "a", count: 253)).isEmpty)
    }

    @Test func labelRules() {
        #expect(NameValidation.dns1123Label("my-name").isEmpty)
        #expect(NameValidation.dns1123Label("a.b") == ["must not contain dots"])
        #expect(NameValidation.dns1123Label("My") == [
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        ])
        let long = String(repeating: "a", count: 64)
        #expect(NameValidation.dns1123Label(long) == ["must be no more than 63 characters"])
    }

    @Test func dns1035NeedsLeadingLetter() {
        #expect(NameValidation.dns1035Label("web").isEmpty)
        let errs = NameValidation.dns1035Label("1web")
        #expect(errs.count == 1)
        #expect(errs.first?.hasPrefix("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character") == true)
    }

    @Test func qualifiedNames() {
        #expect(NameValidation.qualifiedName("app").isEmpty)
        #expect(NameValidation.qualifiedName("example.com/My_Name.1").isEmpty)
        #expect(NameValidation.qualifiedName("/name") == ["prefix part must be non-empty"])
        #expect(NameValidation.qualifiedName("Example.com/name").first?.hasPrefix("prefix part a lowercase RFC 1123 subdomain") == true)
        #expect(NameValidation.qualifiedName("a/b/c").first?.hasPrefix("a qualified name must consist of") == true)
        #expect(NameValidation.qualifiedName("example.com/") == [
            "name part must be non-empty",
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ])
        #expect(NameValidation.qualifiedName(String(repeating: "a", count: 64)) == ["name part must be no more than 63 characters"])
    }

    @Test func labelValues() {
        #expect(NameValidation.labelValue("").isEmpty)
        #expect(NameValidation.labelValue("v1.2_x-y").isEmpty)
        #expect(NameValidation.labelValue("-bad").count == 1)
        #expect(NameValidation.labelValue("with space").first?.hasPrefix("a valid label must be an empty string") == true)
        #expect(NameValidation.labelValue(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
    }

    @Test func configMapKeys() {
        #expect(NameValidation.configMapKey("key.name_1-x").isEmpty)
        #expect(NameValidation.configMapKey("a/b").first?.hasPrefix("a valid config key must consist of alphanumeric characters") == true)
        #expect(NameValidation.configMapKey("..") == ["must not be '..'"])
        #expect(NameValidation.configMapKey("..a") == ["must not start with '..'"])
        #expect(NameValidation.configMapKey(".") == ["must not be '.'"])
        #expect(NameValidation.configMapKey(".hidden").isEmpty)
    }

    @Test func cIdentifiers() {
        #expect(NameValidation.cIdentifier("_MY_VAR1").isEmpty)
        #expect(NameValidation.cIdentifier("1abc").first?.hasPrefix("a valid C identifier must start with alphabetic character or '_'") == true)
        #expect(!NameValidation.cIdentifier("a-b").isEmpty)
    }

    @Test func relaxedEnvVarNames() {
        #expect(NameValidation.envVarName("1-weird.NAME!").isEmpty)
        #expect(NameValidation.envVarName("A=B") == ["a valid environment variable name must consist only of printable ASCII characters other than '='"])
        #expect(NameValidation.envVarName("tab\there").count == 1)
        #expect(NameValidation.envVarName("é").count == 1)
        #expect(NameValidation.envVarName("").first == "environment variable name must be non-empty")
    }

    @Test func portNames() {
        #expect(NameValidation.portName("http-web").isEmpty)
        #expect(NameValidation.portName("80") == ["must contain at least one letter (a-z)"])
        #expect(NameValidation.portName("HTTP") == ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                                                     "must contain at least one letter (a-z)"])
        #expect(NameValidation.portName("a--b") == ["must not contain consecutive hyphens"])
        #expect(NameValidation.portName("-ab") == ["must not begin or end with a hyphen"])
        #expect(NameValidation.portName("abcdefghijklmnop") == ["must be no more than 15 characters"])
    }

    @Test func portNumbersAndPercent() {
        #expect(NameValidation.portNumber(1).isEmpty)
        #expect(NameValidation.portNumber(65535).isEmpty)
        #expect(NameValidation.portNumber(0) == ["must be between 1 and 65535, inclusive"])
        #expect(NameValidation.portNumber(65536) == ["must be between 1 and 65535, inclusive"])
        #expect(NameValidation.percent("25%").isEmpty)
        #expect(NameValidation.percent("25").count == 1)
        #expect(NameValidation.percent("%").count == 1)
    }

    @Test func annotationSize() {
        #expect(NameValidation.annotationsSize(["ab": "cde"]) == 5)
        #expect(NameValidation.totalAnnotationSizeLimit == 262144)
    }
}
