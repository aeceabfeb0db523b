namespace OciSource.Testing.Kube;

/// <summary>Writes minimal single-context kubeconfig files.</summary>
internal static class KubeconfigFile
{
    /// <summary>A kubeconfig for an HTTPS server authenticated with a client certificate (all paths to PEM files).</summary>
    public static void WriteWithClientCertificate(string path, Uri server, string caFile, string certificateFile, string keyFile) =>
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: ocisource-test
                cluster:
                  server: {server}
                  certificate-authority: {caFile}
            users:
              - name: admin
                user:
                  client-certificate: {certificateFile}
                  client-key: {keyFile}
            contexts:
              - name: ocisource-test
                context:
                  cluster: ocisource-test
                  user: admin
                  namespace: default
            current-context: ocisource-test

            """);

    /// <summary>
    /// A kubeconfig for the plain-HTTP test front. It needs no credentials, but KubernetesClient insists on some, so the
    /// user carries a placeholder token; the API server authenticates the front by its client certificate first.
    /// </summary>
    public static void WriteAnonymous(string path, Uri server) =>
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: ocisource-test
                cluster:
                  server: {server}
            users:
              - name: anonymous
                user:
                  token: ignored-by-the-front
            contexts:
              - name: ocisource-test
                context:
                  cluster: ocisource-test
                  user: anonymous
                  namespace: default
            current-context: ocisource-test

            """);
}
