using System.CommandLine;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Hosting;

/// <summary>
/// The <c>smartshop</c> executable's verbs besides running the server. Anything that is not a verb (no arguments,
/// or host options such as <c>--urls</c>) starts the server.
/// </summary>
public static class SmartShopCli
{
    private static readonly string[] Verbs = ["plant", "db", "ua"];

    /// <summary>Runs a CLI verb and returns its exit code, or null when the arguments mean "run the server".</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || !Verbs.Contains(args[0], StringComparer.Ordinal))
        {
            return null;
        }

        var root = new RootCommand("SmartShop MES. Without a verb, runs the server (options: --urls, --SmartShop:PlantFile=…, --SmartShop:Database:Provider=…).");

        var file = new Argument<string>("file") { Description = "Plant file (.yaml, .yml or .json)" };
        var validate = new Command("validate", "Check a plant file and list every problem with its path inside the file") { file };
        validate.SetAction(parse => PlantCli.Validate(parse.GetValue(file)!, Console.Out, Console.Error));
        root.Subcommands.Add(new Command("plant", "Plant configuration") { validate });

        var migrate = new Command("migrate", "Bring the configured database's schema to this build's version, then exit");
        migrate.SetAction(async (_, ct) => await MigrateAsync(args.Skip(2).ToArray(), ct));
        root.Subcommands.Add(new Command("db", "Database") { migrate });
        root.Subcommands.Add(Plc.UaCommands.Build(Console.Out, Console.Error));

        // Host settings (--SmartShop:Database:...) pass through to 'db migrate' unparsed.
        var config = new ParserConfiguration();
        var parse = root.Parse(args.Take(args[0] == "db" ? 2 : args.Length).ToArray(), config);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is OpcUa.UaException or OpcUa.Security.CertificateValidationException or ArgumentException)
        {
            // Expected failures (unreachable server, untrusted certificate, bad option) are one clear line, not a stack trace.
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(string[] hostArgs, CancellationToken ct)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(hostArgs);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.AddDatabase();
            await using var app = builder.Build();
            await using var scope = app.Services.CreateAsyncScope();
            var migrator = scope.ServiceProvider.GetRequiredService<SchemaMigrator>();
            var applied = await migrator.MigrateAsync(cancellationToken: ct);
            var database = app.Services.GetRequiredService<ResolvedDatabase>();
            Console.WriteLine(applied.Count == 0
                ? $"{database.Describe()}: schema already at version {await migrator.CurrentVersionAsync(ct)}"
                : $"{database.Describe()}: applied schema versions {string.Join(", ", applied)}");
            return 0;
        }
        catch (DatabaseConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
