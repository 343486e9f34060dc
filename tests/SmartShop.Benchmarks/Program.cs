using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project tests/SmartShop.Benchmarks -- --filter '*Grain*' [--quick]
//        dotnet run -c Release --project tests/SmartShop.Benchmarks -- --filter '*PublishDecoding*' [--quick]
// --quick: one launch, 2 warm-up and 7 measured iterations per benchmark (the machine is shared); without it,
// BenchmarkDotNet's default job decides.
var quick = args.Contains("--quick");
IConfig config = DefaultConfig.Instance;
if (quick)
{
    config = config.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7).WithId("Quick"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. args.Where(a => a != "--quick")], config);
