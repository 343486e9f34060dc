using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class SecurityModeGuardTests
{
    private const string Endpoint = "opc.tcp://127.0.0.1:4840";
    private readonly List<string> _warnings = [];

    [Fact]
    public void Check_NoneWithoutOptIn_ThrowsInsecureConnection()
    {
        var e = Assert.Throws<InsecureConnectionException>(() =>
            SecurityModeGuard.Check(Endpoint, SecurityPolicy.None, MessageSecurityMode.None, allowInsecure: false, _warnings.Add));

        Assert.Contains(Endpoint, e.Message, StringComparison.Ordinal);
        Assert.Contains("allow insecure", e.Message, StringComparison.Ordinal);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Check_NoneWithOptIn_WarnsOnce()
    {
        SecurityModeGuard.Check(Endpoint, SecurityPolicy.None, MessageSecurityMode.None, allowInsecure: true, _warnings.Add);

        var warning = Assert.Single(_warnings);
        Assert.Contains("without security", warning, StringComparison.Ordinal);
        Assert.Contains(Endpoint, warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public void Check_Basic256Sha256_PassesSilently(MessageSecurityMode mode)
    {
        SecurityModeGuard.Check(Endpoint, SecurityPolicy.Basic256Sha256, mode, allowInsecure: false, _warnings.Add);

        Assert.Empty(_warnings);
    }

    [Theory]
    [InlineData(true, MessageSecurityMode.Sign)]
    [InlineData(false, MessageSecurityMode.None)]
    [InlineData(false, MessageSecurityMode.Invalid)]
    public void Check_PolicyAndModeDisagree_ThrowsArgument(bool policyNone, MessageSecurityMode mode)
    {
        var policy = policyNone ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;

        Assert.Throws<ArgumentException>(() => SecurityModeGuard.Check(Endpoint, policy, mode, allowInsecure: true, _warnings.Add));
    }

    [Fact]
    public void MessageSecurityMode_Values_AreWireValues()
    {
        Assert.Equal(0, (int)MessageSecurityMode.Invalid);
        Assert.Equal(1, (int)MessageSecurityMode.None);
        Assert.Equal(2, (int)MessageSecurityMode.Sign);
        Assert.Equal(3, (int)MessageSecurityMode.SignAndEncrypt);
    }
}
