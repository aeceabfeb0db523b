using OciSource.Demo;

// Usage: eng/demo.sh (builds the controller, then runs this). Exits 0 only if every step held.
try
{
    return await DemoRun.RunAsync(args.FirstOrDefault() ?? throw new ArgumentException("usage: OciSource.Demo <path to oci-source-controller.dll>"));
}
catch (DemoFailedException e)
{
    Console.Error.WriteLine($"\nDEMO FAILED: {e.Message}");
    return 1;
}
