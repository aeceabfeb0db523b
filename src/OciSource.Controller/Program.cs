// The reconciler, artifact store and server are built under issue 5; until then the executable refuses to run
// rather than pretend to reconcile anything.
await Console.Error.WriteLineAsync("oci-source-controller: not implemented yet; the OCIRepository reconciler lands with issue 5.");
return 1;
