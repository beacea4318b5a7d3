import Foundation

/// Manifests used by the kubectl tests.
enum Fixtures {
    static let tcpEcho = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: tcp-echo
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: tcp-echo
          labels:
            app: tcp-echo
            service: tcp-echo
        spec:
          ports:
          - name: tcp
            port: 9000
            appProtocol: tcp
          selector:
            app: tcp-echo
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: tcp-echo
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: tcp-echo
              version: v1
          template:
            metadata:
              labels:
                app: tcp-echo
                version: v1
            spec:
              serviceAccountName: tcp-echo
              containers:
              - name: tcp-echo-server
                image: example/tcp-echo:v1
                ports:
                - containerPort: 9000
        """

    static var tcpEchoV2: String {
        tcpEcho.replacingOccurrences(of: "replicas: 1", with: "replicas: 2")
            .replacingOccurrences(of: "example/tcp-echo:v1", with: "example/tcp-echo:v2")
            .replacingOccurrences(of: "    service: tcp-echo\n", with: "    service: tcp-echo\n    tier: demo\n")
    }

    static let routeCRD = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: tcproutes.specs.smi-spec.io
        spec:
          group: specs.smi-spec.io
          scope: Namespaced
          names:
            kind: TCPRoute
            listKind: TCPRouteList
            plural: tcproutes
            singular: tcproute
          versions:
          - name: v1alpha4
            served: true
            storage: true
            additionalPrinterColumns:
            - name: Ports
              type: string
              jsonPath: .spec.matches.ports
            schema:
              openAPIV3Schema:
                type: object
                description: TCPRoute is used to describe TCP inbound connections.
                properties:
                  spec:
                    type: object
                    description: Spec is the desired state of the route.
                    properties:
                      matches:
                        type: object
                        description: Match conditions of this route.
                        properties:
                          name:
                            type: string
                          ports:
                            type: array
                            items:
                              type: integer
                              minimum: 1
                              maximum: 65535
                      mode:
                        type: string
                        enum: ["tcp", "tls"]
                    required: ["matches"]
          - name: v1alpha3
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """

    static let route = """
        apiVersion: specs.smi-spec.io/v1alpha4
        kind: TCPRoute
        metadata:
          name: tcp-echo-route
          namespace: tcp-demo
        spec:
          matches:
            ports:
            - 9000
        """
}
