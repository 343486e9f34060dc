using System.Text.RegularExpressions;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Plc;

/// <summary>`smartshop ua …` as an integrator runs it, against the real plc-sim.</summary>
public sealed partial class UaCommandsTests
{
    [Fact]
    public async Task Endpoints_PlcSim_ListsNoneSignAndSignAndEncrypt()
    {
        await using var plcSim = await PlcSimServer.StartAsync();

        var (exitCode, stdout, _) = await RunAsync("ua", "endpoints", plcSim.EndpointUrl);

        Assert.Equal(0, exitCode);
        Assert.Contains("Basic256Sha256 SignAndEncrypt", stdout, StringComparison.Ordinal);
        Assert.Contains("Basic256Sha256 Sign ", stdout, StringComparison.Ordinal);
        Assert.Contains("None None", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UntrustedServerThenTrusted_RefusesNamingThumbprintThenReads()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        var pki = Directory.CreateTempSubdirectory("smartshop-ua-pki-").FullName;
        try
        {
            const string goodCount = "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/GoodCount";

            var refused = await RunAsync("ua", "read", plcSim.EndpointUrl, goodCount, "--pki", pki);
            var thumbprint = Thumbprint().Match(refused.Stderr).Groups[1].Value;
            var trusted = await RunAsync("ua", "trust", thumbprint, "--pki", pki);
            var read = await RunAsync("ua", "read", plcSim.EndpointUrl, goodCount, "--pki", pki);

            Assert.Equal(1, refused.ExitCode);
            Assert.NotEmpty(thumbprint);
            Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, trusted.ExitCode);
            Assert.Equal(0, read.ExitCode);
            Assert.Contains($"{goodCount} = ", read.Stdout, StringComparison.Ordinal);
            Assert.Contains("(UInt32)  Good", read.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(pki, recursive: true);
        }
    }

    [Fact]
    public async Task Read_UnknownSecurityOption_FailsWithOneLine()
    {
        var (exitCode, _, stderr) = await RunAsync("ua", "read", "opc.tcp://127.0.0.1:1", "i=2258", "--security", "bogus");

        Assert.Equal(1, exitCode);
        Assert.Contains("--security 'bogus'", stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"smartshop ua trust ([0-9A-F]{40})")]
    private static partial Regex Thumbprint();

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        SmartShopProcess.RunAsync(null, args);
}
