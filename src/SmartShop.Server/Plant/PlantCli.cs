namespace SmartShop.Server.Plant;

/// <summary><c>smartshop plant validate &lt;file&gt;</c>: checks a plant file without starting the server.</summary>
public static class PlantCli
{
    /// <summary>
    /// Prints <c>OK: file: N sites, N lines, N machines</c> and the shift calendars (<see cref="ShiftCalendarSummary"/>,
    /// indented) to <paramref name="output"/> and returns 0, or prints every problem (<c>file:line:col: path: message</c>)
    /// to <paramref name="error"/> and returns 1.
    /// </summary>
    /// <param name="file">Path of the plant file, relative to the current directory or absolute.</param>
    public static int Validate(string file, TextWriter output, TextWriter error)
    {
        // `dotnet run --project` starts in the project's folder: a path relative to the repository is found above it.
        var result = PlantLoader.LoadFile(File.Exists(file) ? file : PlantFileLocator.Find(file, Directory.GetCurrentDirectory(), AppContext.BaseDirectory) ?? file, file);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"{file}: {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}");
            return 1;
        }

        var plant = result.Plant;
        output.WriteLine($"OK: {file}: {plant.Sites.Count} sites, {plant.Lines.Count()} lines, {plant.Machines.Count} machines");
        foreach (var line in ShiftCalendarSummary.Describe(plant))
        {
            output.WriteLine("  " + line);
        }

        return 0;
    }
}
