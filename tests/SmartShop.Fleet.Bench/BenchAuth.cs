using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// How the bench signs in to the server it starts: an API key with the manager role for its HTTP and hub clients (as a
/// dashboard system would), and the first administrator's password for the browser. Both are fresh for each run and
/// given to the server as configuration; a server without authentication ignores them.
/// </summary>
public static class BenchAuth
{
    public static string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string AdminPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SmartShop:Auth:ApiKeys:fleet-bench:Key"] = ApiKey,
        ["SmartShop:Auth:ApiKeys:fleet-bench:Roles:0"] = "manager",
        ["SmartShop:Auth:InitialAdminPassword"] = AdminPassword,
    };

    public static HttpClient Authorize(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }
}
