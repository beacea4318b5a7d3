// osm-proxy: the sidecar alone (the same command as `osm proxy`), a small binary so each pod's
// proxy maps and touches only the proxy's code.
import ProxyCommand

await ProxyCommand.runMain()
