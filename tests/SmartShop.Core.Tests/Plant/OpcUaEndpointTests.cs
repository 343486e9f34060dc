using SmartShop.Core.Plant;

namespace SmartShop.Core.Tests.Plant;

public class OpcUaEndpointTests
{
    [Theory]
    [InlineData("opc.tcp://127.0.0.1:4840", "127.0.0.1", 4840, "")]
    [InlineData("opc.tcp://plc-line1.local:49320/", "plc-line1.local", 49320, "/")]
    [InlineData("opc.tcp://10.0.3.17:4840/UA/Server", "10.0.3.17", 4840, "/UA/Server")]
    [InlineData("opc.tcp://[::1]:4840", "[::1]", 4840, "")]
    public void TryParse_Valid_SplitsHostPortAndPath(string url, string host, int port, string path)
    {
        Assert.True(OpcUaEndpoint.TryParse(url, out var endpoint, out var error), error);
        Assert.Equal(url, endpoint.Url);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(path, endpoint.Path);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("http://127.0.0.1:4840", "not an OPC UA TCP endpoint")]
    [InlineData("opc.tcp://127.0.0.1", "no port")]
    [InlineData("opc.tcp://127.0.0.1:0", "no port")]
    [InlineData("opc.tcp://:4840", "no valid host")]
    [InlineData("opc.tcp://127.0.0.1:4840?x=1", "query")]
    [InlineData("opc.tcp://user@127.0.0.1:4840", "user info")]
    [InlineData("opc.tcp://127.0.0.1 :4840", "white space")]
    public void TryParse_Malformed_ExplainsWhy(string url, string expected)
    {
        Assert.False(OpcUaEndpoint.TryParse(url, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
