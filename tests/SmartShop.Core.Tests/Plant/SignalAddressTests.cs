using SmartShop.Core.Plant;

namespace SmartShop.Core.Tests.Plant;

public class SignalAddressTests
{
    [Theory]
    [InlineData("ns=2;s=Line1.Lathe.State")]
    [InlineData("nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/State")]
    [InlineData("ns=3;i=1001")]
    [InlineData("i=2258")]
    [InlineData("ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a")]
    [InlineData("ns=1;b=M/RbKBsRVkePCePcx24oRA==")]
    public void TryParse_NodeId_IsNodeId(string text)
    {
        Assert.True(SignalAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(SignalAddressKind.NodeId, address.Kind);
        Assert.Equal(text, address.Text);
    }

    [Theory]
    [InlineData("/Objects/2:Plant/2:Lathe1/2:State")]
    [InlineData("/Objects/Server")]
    [InlineData("/Objects/2:Line&.1/2:State")]
    public void TryParse_BrowsePath_IsBrowsePath(string text)
    {
        Assert.True(SignalAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(SignalAddressKind.BrowsePath, address.Kind);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(" ns=2;s=x", "white space")]
    [InlineData("Line1.Lathe.State", "neither a NodeId")]
    [InlineData("ns=2;Line1.State", "after the namespace expected 'i=', 's='")]
    [InlineData("nsu=urn:smartshop:plc-sim;line-2/l2-packer/State", "after the namespace")]
    [InlineData("ns=x;s=State", "namespace index")]
    [InlineData("ns=70000;s=State", "namespace index")]
    [InlineData("ns=2;s=", "empty")]
    [InlineData("ns=2;i=abc", "unsigned 32-bit")]
    [InlineData("ns=2;g=not-a-guid", "GUID")]
    [InlineData("ns=2;b=***", "base64")]
    [InlineData("ns=2;x=1", "identifier type")]
    [InlineData("nsu=;s=State", "namespace URI")]
    [InlineData("/Objects//2:State", "empty")]
    [InlineData("/Objects/2:Plant/", "empty")]
    [InlineData("/Objects/x:Plant", "namespace index")]
    [InlineData("/Objects/2:", "no browse name")]
    [InlineData("/Objects/2:Lathe.State", "reserved")]
    [InlineData("/Objects/2:a:b", "second ':'")]
    [InlineData("/Objects/State&", "escapes nothing")]
    public void TryParse_Malformed_ExplainsWhy(string text, string expected)
    {
        Assert.False(SignalAddress.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
