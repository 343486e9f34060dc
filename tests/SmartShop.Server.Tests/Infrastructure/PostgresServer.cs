using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests. Uses <c>SMARTSHOP_TEST_POSTGRES</c> (an admin connection string) when set;
/// otherwise starts one throwaway cluster per test run from Debian's PostgreSQL binaries, on 127.0.0.1 and a free
/// port, and stops it when the test process exits. Each test gets its own database.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> AdminConnectionString = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = AdminConnectionString.Value;
        var name = "smartshop_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ToString();
    }

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("SMARTSHOP_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (looked for initdb under /usr/lib/postgresql/*/bin and on PATH). " +
            "Run the tests through tests/run.sh, which installs them, or set SMARTSHOP_TEST_POSTGRES to an admin connection string.");
        var root = Directory.CreateTempSubdirectory("smartshop-pg-").FullName;
        var dataDir = Path.Combine(root, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            Run("chown", $"postgres \"{root}\"", null);
        }

        RunAs(asRoot, Path.Combine(bin, "initdb"), $"-D \"{dataDir}\" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 -N");
        RunAs(asRoot, Path.Combine(bin, "pg_ctl"),
            $"-D \"{dataDir}\" -l \"{Path.Combine(root, "server.log")}\" -w -t 60 -o \"-p {port} -c listen_addresses=127.0.0.1 -k '{root}' -c fsync=off -c full_page_writes=off -c max_connections=200\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAs(asRoot, Path.Combine(bin, "pg_ctl"), $"-D \"{dataDir}\" -m immediate -w stop");
                Directory.Delete(root, recursive: true);
            }
            catch (Exception)
            {
                // Best effort at exit: a leftover temp cluster is harmless and already stopped with the machine.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunAs(bool asRoot, string exe, string arguments)
    {
        if (asRoot)
        {
            Run("runuser", $"-u postgres -- \"{exe}\" {arguments}", "/tmp");
        }
        else
        {
            Run(exe, arguments, null);
        }
    }

    private static void Run(string exe, string arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(exe, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{exe} {arguments} did not finish within 120 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {arguments} exited with {process.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }
}
