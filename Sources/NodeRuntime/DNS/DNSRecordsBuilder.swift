// Turns Service and Endpoints objects (as the informers hold them) into the cluster DNS's
// `ClusterDNSRecords` snapshot: ClusterIP, headless (ready endpoints, hostnames), ExternalName and
// ports for SRV. Pure; no I/O.
import DNSWire
import KubeModel

/// Builds the DNS view of the cluster from API objects.
public enum DNSRecordsBuilder {
    /// The snapshot for these Services, Endpoints and (optionally) pods, stamped with `serial`.
    public static func records(services: [JSON], endpoints: [JSON], pods: [JSON] = [], serial: UInt32 = 1) -> ClusterDNSRecords {
        ClusterDNSRecords(services: entries(services: services, endpoints: endpoints), pods: podEntries(pods), serial: serial)
    }

    /// The DNS entries of `services`, sorted by namespace and name; Services that cannot be served
    /// (no usable ClusterIP, an invalid ExternalName) are left out.
    public static func entries(services: [JSON], endpoints: [JSON]) -> [DNSWire.ClusterDNSService] {
        var endpointsByKey: [String: JSON] = [:]
        for object in endpoints { endpointsByKey["\(object.namespace)/\(object.name)"] = object }
        return services
            .compactMap { entry(service: $0, endpoints: endpointsByKey["\($0.namespace)/\($0.name)"]) }
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// The DNS entry of one Service given its Endpoints (if any), or nil if it has no DNS name.
    public static func entry(service: JSON, endpoints: JSON?) -> DNSWire.ClusterDNSService? {
        let name = service.name, namespace = service.namespace
        guard !name.isEmpty, !namespace.isEmpty else { return nil }
        let spec = service["spec"]
        if spec["type"].stringValue == "ExternalName" {
            guard let text = spec["externalName"].stringValue, !text.isEmpty, let target = try? DNSName(text) else { return nil }
            return DNSWire.ClusterDNSService(name: name, namespace: namespace, kind: .externalName(target))
        }
        guard let clusterIP = spec["clusterIP"].stringValue, !clusterIP.isEmpty else { return nil }
        let subsets = endpoints?["subsets"].arrayValue ?? []
        if clusterIP == "None" {
            let includeNotReady = spec["publishNotReadyAddresses"].boolValue ?? false
            return DNSWire.ClusterDNSService(
                name: name, namespace: namespace,
                kind: .headless(headlessEndpoints(subsets, includeNotReady: includeNotReady)),
                ports: ports(spec, subsets: subsets, headless: true))
        }
        guard let address = IPv4Address(clusterIP) else { return nil }  // IPv6 ClusterIPs are not served
        return DNSWire.ClusterDNSService(
            name: name, namespace: namespace, kind: .clusterIP(address), ports: ports(spec, subsets: subsets, headless: false))
    }

    /// The pods DNS knows about: those with an IPv4 `status.podIP` that have not finished.
    public static func podEntries(_ pods: [JSON]) -> [ClusterDNSPod] {
        pods.compactMap { pod in
            let phase = pod[["status", "phase"]].stringValue
            guard phase != "Succeeded", phase != "Failed", !pod.namespace.isEmpty,
                  let ip = pod[["status", "podIP"]].stringValue.flatMap(IPv4Address.init) else { return nil }
            return ClusterDNSPod(namespace: pod.namespace, ip: ip)
        }
    }

    /// Addresses of the Endpoints' subsets (ready ones, plus not-ready ones if asked), each once.
    static func headlessEndpoints(_ subsets: [JSON], includeNotReady: Bool) -> [ClusterDNSEndpoint] {
        var seen: Set<ClusterDNSEndpoint> = []
        var result: [ClusterDNSEndpoint] = []
        for subset in subsets {
            var addresses = subset["addresses"].arrayValue ?? []
            if includeNotReady { addresses += subset["notReadyAddresses"].arrayValue ?? [] }
            for address in addresses {
                guard let ip = address["ip"].stringValue.flatMap(IPv4Address.init) else { continue }
                let endpoint = ClusterDNSEndpoint(ip: ip, hostname: address["hostname"].stringValue.flatMap(validHostname))
                if seen.insert(endpoint).inserted { result.append(endpoint) }
            }
        }
        return result
    }

    /// The Service's ports; a headless Service's carry the endpoint port of the same name, or the
    /// numeric `targetPort`.
    static func ports(_ spec: JSON, subsets: [JSON], headless: Bool) -> [ClusterDNSPort] {
        var endpointPorts: [String: UInt16] = [:]
        for subset in subsets {
            for port in subset["ports"].arrayValue ?? [] {
                let name = port["name"].stringValue ?? ""
                if endpointPorts[name] == nil, let number = portNumber(port["port"]) { endpointPorts[name] = number }
            }
        }
        return (spec["ports"].arrayValue ?? []).compactMap { port in
            guard let number = portNumber(port["port"]) else { return nil }
            let name = port["name"].stringValue ?? ""
            let endpointPort = headless ? endpointPorts[name] ?? portNumber(port["targetPort"]) : nil
            return ClusterDNSPort(
                name: name, transport: (port["protocol"].stringValue ?? "TCP").lowercased(), port: number,
                endpointPort: endpointPort)
        }
    }

    /// A port number 1...65535, or nil (names and out-of-range values).
    static func portNumber(_ value: JSON) -> UInt16? {
        guard let number = value.intValue, (1...65535).contains(number) else { return nil }
        return UInt16(number)
    }

    /// `hostname` if it is one valid DNS label, else nil (the dashed IP is used instead).
    static func validHostname(_ hostname: String) -> String? {
        guard !hostname.isEmpty, hostname.utf8.count <= DNSName.maxLabelLength, !hostname.contains("."),
              (try? DNSName(hostname)) != nil else { return nil }
        return hostname
    }
}
