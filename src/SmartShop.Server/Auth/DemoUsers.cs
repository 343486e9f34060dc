using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;
using SmartShop.Server.Plc;

namespace SmartShop.Server.Auth;

/// <summary>
/// People to try the demo plant with (<c>SmartShop:Demo:Users</c>: <c>auto</c>, the default, creates them on the first
/// start with the bundled demo plant; <c>false</c> never). Their credentials are printed in the banner: they are for
/// trying the product, never for a real plant.
/// </summary>
public static class DemoUsers
{
    public const string SettingKey = "SmartShop:Demo:Users";

    /// <summary>(user name, display name, role, password, PIN, badge).</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Role, string? Password, string? Pin, string? Badge)> People =
    [
        ("wang.fang", "Wang Fang 王芳", Roles.Operator, null, "1234", "1001"),
        ("li.na", "Li Na 李娜", Roles.Supervisor, "supervisor-demo", "2345", "1002"),
        ("zhao.lei", "Zhao Lei 赵磊", Roles.Quality, "quality-demo", "3456", "1003"),
        ("chen.jie", "Chen Jie 陈杰", Roles.Manager, "manager-demo", null, null),
    ];

    /// <summary>Creates the demo people when asked for and the users table holds only the first administrator; true when created.</summary>
    public static async Task<bool> EnsureAsync(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var setting = (configuration[SettingKey] ?? "auto").Trim().ToLowerInvariant();
        if (setting is "false" or "off"
            || (setting == "auto" && !DemoPlcSim.IsDemoPlant(services.GetRequiredService<PlantCatalog>(), services.GetRequiredService<IHostEnvironment>())))
        {
            return false;
        }

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartShopDb>();
        if (await db.Users.AnyAsync(u => u.UserName != "admin"))
        {
            return false;
        }

        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        foreach (var (userName, displayName, role, password, pin, badge) in People)
        {
            await accounts.CreateAsync("system", userName, displayName, [role], password, pin, badge, CancellationToken.None);
        }

        return true;
    }
}
