using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>
/// How tests sign in: an API key with the admin role for HTTP clients (as an integrating system would call), and a
/// known first-administrator password for browsers, both given to the server as configuration.
/// </summary>
public static class TestAuth
{
    public const string AdminKey = "tests-admin-key-0123456789abcdef";
    public const string AdminPassword = "admin-password-for-tests";

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["SmartShop:Auth:ApiKeys:tests:Key"] = AdminKey,
        ["SmartShop:Auth:ApiKeys:tests:Roles:0"] = "admin",
        ["SmartShop:Auth:InitialAdminPassword"] = AdminPassword,
        // Tests sign in often: the production iteration count would only slow them.
        ["SmartShop:Auth:HashIterations"] = "1000",
        // Tests make the people they need; the demo plant's demo people would collide with them.
        ["SmartShop:Demo:Users"] = "false",
    };

    /// <summary>Makes <paramref name="client"/> act as the tests' admin API key.</summary>
    public static HttpClient AsAdmin(this HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>Signs the browser context in (its cookie jar gets the session), as the sign-in page would.</summary>
    public static async Task SignInAsync(this IBrowserContext context, string baseUrl, string userName = "admin", string password = AdminPassword)
    {
        var response = await context.APIRequest.PostAsync(new Uri(new Uri(baseUrl), "/api/auth/sign-in").ToString(), new APIRequestContextOptions
        {
            DataObject = new { userName, password },
        });
        Assert.True(response.Ok, $"Signing in as {userName} failed: {response.Status} {await response.TextAsync()}");
    }
}
