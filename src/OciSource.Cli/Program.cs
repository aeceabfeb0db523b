using System.CommandLine;
using OciSource.Cli;

var root = new RootCommand("ocisource: work with OCI artifacts as OciSource does (verification first).");
root.Subcommands.Add(VerifyBundleCommand.Create());
return await root.Parse(args).InvokeAsync();
