import MeshProtocol
import Testing

@Suite("Probe forward arguments")
struct ProbeForwardTests {
    @Test func roundTrips() {
        for text in ["liveness/web=http:8080/healthz", "readiness/a-b=http:1/", "startup/x=https:8443", "liveness/w=http:80/a?b=c"] {
            #expect(ProbeForward(argument: text)?.description == text, "\(text)")
        }
        let f = ProbeForward(argument: "liveness/web=http:8080/healthz")
        #expect(f?.kind == .liveness && f?.container == "web" && f?.port == 8080 && f?.path == "/healthz" && f?.kind.port == 15901)
    }

    @Test func malformedArgumentsAreRefused() {
        for text in ["", "liveness", "liveness/web", "alive/web=http:80/", "liveness/=http:80/", "liveness/web=http:80",
                     "liveness/web=https:80/x", "liveness/web=ftp:80/", "liveness/web=http:0/", "liveness/web=http:70000/",
                     "liveness/web=http:/x", "=/", "liveness=web/http:80/"] {
            #expect(ProbeForward(argument: text) == nil, "\(text)")
        }
    }
}
