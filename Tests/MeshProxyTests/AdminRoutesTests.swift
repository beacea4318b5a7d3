// Tests for AdminRoutes: each path's status, content type and body, readiness, query strings,
// HEAD, 405 for other methods and 404 listing the known paths.
import MeshProxy
import Synchronization
import Testing

/// A readiness flag the test flips while the routes read it.
private final class ReadyFlag: Sendable {
    let value = Mutex(false)
}

@Suite("AdminRoutes")
struct AdminRoutesTests {
    func routes(ready: Bool = true) -> AdminRoutes {
        AdminRoutes(ready: { ready }, config: { #"{"version":3}"# }, metrics: { "osm_tunnels_open 0\n" })
    }

    @Test func readyFollowsTheClosure() {
        let flag = ReadyFlag()
        let r = AdminRoutes(ready: { flag.value.withLock { $0 } }, config: { "{}" }, metrics: { "" })
        #expect(r.respond(method: "GET", path: "/ready")
            == AdminResponse(status: 503, contentType: "text/plain; charset=utf-8", body: "not ready\n"))
        flag.value.withLock { $0 = true }
        #expect(r.respond(method: "GET", path: "/ready")
            == AdminResponse(status: 200, contentType: "text/plain; charset=utf-8", body: "ready\n"))
    }

    @Test func liveConfigAndMetrics() {
        let r = routes(ready: false)
        #expect(r.respond(method: "GET", path: "/live").status == 200)
        #expect(r.respond(method: "GET", path: "/live").body == "live\n")
        #expect(r.respond(method: "GET", path: "/config")
            == AdminResponse(status: 200, contentType: "application/json", body: #"{"version":3}"#))
        #expect(r.respond(method: "GET", path: "/metrics") == AdminResponse(
            status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: "osm_tunnels_open 0\n"))
    }

    @Test func queryStringsAreIgnoredAndHeadIsLikeGet() {
        let r = routes()
        #expect(r.respond(method: "GET", path: "/metrics?name[]=x") == r.respond(method: "GET", path: "/metrics"))
        #expect(r.respond(method: "GET", path: "/ready?verbose#top").body == "ready\n")
        #expect(r.respond(method: "HEAD", path: "/config") == r.respond(method: "GET", path: "/config"))
    }

    @Test func otherMethodsGet405() {
        for method in ["POST", "PUT", "DELETE", "get"] {
            let response = routes().respond(method: method, path: "/ready")
            #expect(response.status == 405, "\(method)")
        }
    }

    @Test func unknownPathsGet404ListingKnownPaths() {
        for path in ["/", "/readyz", "/ready/", "/metrics/x", ""] {
            let response = routes().respond(method: "GET", path: path)
            #expect(response.status == 404, "\(path)")
            for known in AdminRoutes.paths { #expect(response.body.contains(known)) }
        }
        #expect(routes().respond(method: "POST", path: "/nope").status == 404)
    }
}
