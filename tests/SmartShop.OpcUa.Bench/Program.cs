using SmartShop.OpcUa.Bench;

// End-to-end subscription benchmark: our UaClient beside a node-opcua client, both on one plc-sim subscription
// workload, in one run. See RESULTS.md for the method and the figures.
//   dotnet run -c Release --project tests/SmartShop.OpcUa.Bench -- [options]   (--help lists them)
//   ... -- client [options]   the consumer the bench starts as a child process (our side of the comparison)
return args is ["client", .. var rest]
    ? await OurConsumer.RunAsync(rest)
    : await EndToEndBench.RunAsync(args);
