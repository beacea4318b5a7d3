import MeshController
import PlainHTTP
import Testing

@Suite("Control-plane health and metrics")
struct ControlPlaneHealthTests {
    @Test func routesAnswerReadinessLivenessMetricsAndVersion() {
        let stats = ControlPlaneStats.controller()
        let routes = ControlPlaneHealth(component: "osm-controller", version: "v9", ready: { stats.isReady }, metrics: { stats.render() })
        #expect(routes.respond(method: "GET", target: "/health/ready").status == 503)
        #expect(routes.respond(method: "GET", target: "/healthz").status == 503)
        stats.setReady(true)
        #expect(routes.respond(method: "GET", target: "/health/ready?verbose").status == 200)
        #expect(routes.respond(method: "HEAD", target: "/health/alive").status == 200)
        #expect(routes.respond(method: "POST", target: "/health/alive").status == 405)
        #expect(routes.respond(method: "GET", target: "/stats").status == 404)
        #expect(routes.respond(method: "GET", target: "/version").body == "{\"component\":\"osm-controller\",\"version\":\"v9\"}\n")
        stats.add("osm_controller_config_pushes_total", 3)
        stats.set("osm_controller_proxies_connected", 2)
        let text = routes.respond(method: "GET", target: "/metrics").body
        #expect(text.contains("# TYPE osm_controller_config_pushes_total counter\nosm_controller_config_pushes_total 3\n"), "\(text)")
        #expect(text.contains("# TYPE osm_controller_proxies_connected gauge\nosm_controller_proxies_connected 2\n"), "\(text)")
        #expect(text.contains("osm_controller_certificates_issued_total 0\n"), "every family is rendered from the start")
    }

    @Test func theInjectorCountsItsReviews() {
        let stats = ControlPlaneStats.injector()
        stats.add("osm_injector_admission_requests_total")
        #expect(stats.value("osm_injector_admission_requests_total") == 1)
        #expect(stats.render().contains("osm_injector_sidecars_injected_total 0\n"))
    }
}
