using System.CommandLine;

var root = new RootCommand("ocisource: work with OCI artifacts as OciSource does (verification first).");
return await root.Parse(args).InvokeAsync();
