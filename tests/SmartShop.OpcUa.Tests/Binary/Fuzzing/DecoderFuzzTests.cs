using System.Globalization;
using Xunit.Abstractions;

namespace SmartShop.OpcUa.Tests.Binary.Fuzzing;

public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    public const string CasesVariable = "SMARTSHOP_FUZZ_CASES";
    public const string SeedVariable = "SMARTSHOP_FUZZ_SEED";

    [Fact]
    public void Decoder_ShortFuzzPass_OnlyTypedErrorsBoundedMemoryStableReencoding()
    {
        var report = new DecoderFuzzer(seed: 20260302).Run(cases: 5000);

        output.WriteLine(report.ToString());
        foreach (var failure in report.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(report.Failures);
        Assert.True(report.Decoded > 500, "too few inputs decoded: the mutations are not exercising the success paths");
        Assert.Contains("BadDecodingError", report.ErrorsByStatus.Keys);
        Assert.Contains("BadEncodingLimitsExceeded", report.ErrorsByStatus.Keys);
    }

    /// <summary>
    /// The long pass: SMARTSHOP_FUZZ_CASES=1000000 dotnet test tests/SmartShop.OpcUa.Tests
    ///   --filter "FullyQualifiedName~Decoder_LongFuzzPass" --logger "console;verbosity=detailed"
    /// (SMARTSHOP_FUZZ_SEED picks another seed). Skipped when the variable is not set.
    /// </summary>
    [LongFuzzFact]
    public void Decoder_LongFuzzPass_OnlyTypedErrorsBoundedMemoryStableReencoding()
    {
        var cases = long.Parse(Environment.GetEnvironmentVariable(CasesVariable)!, CultureInfo.InvariantCulture);
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var s) ? s : 1;

        var report = new DecoderFuzzer(seed).Run(cases, maxFailures: 50);

        output.WriteLine(report.ToString());
        foreach (var failure in report.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(report.Failures);
    }

    private sealed class LongFuzzFactAttribute : FactAttribute
    {
        public LongFuzzFactAttribute()
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CasesVariable)))
            {
                Skip = $"Long fuzz pass: set {CasesVariable} (e.g. 1000000) to run it.";
            }
        }
    }
}
