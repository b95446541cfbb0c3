using System.Reflection;
using AdvisoryTracker.Cli.Commands;

var commands = typeof(ICliCommand).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
    .Select(t => (ICliCommand)Activator.CreateInstance(t, nonPublic: true)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToDictionary(c => c.Name, StringComparer.Ordinal);

if (args.Length == 0 || args[0] is "-h" or "--help" or "help" || !commands.TryGetValue(args[0], out var command))
{
    var writer = args.Length == 0 || args[0] is "-h" or "--help" or "help" ? Console.Out : Console.Error;
    if (args.Length > 0 && args[0] is not ("-h" or "--help" or "help"))
    {
        await writer.WriteLineAsync($"unknown command '{args[0]}'");
    }

    await writer.WriteLineAsync($"AdvisoryTracker {Assembly.GetExecutingAssembly().GetName().Version}");
    await writer.WriteLineAsync("usage: AdvisoryTracker.Cli <command> [options]");
    foreach (var c in commands.Values)
    {
        await writer.WriteLineAsync($"  {c.Name,-14} {c.Description}");
    }

    return args.Length == 0 || args[0] is "-h" or "--help" or "help" ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await command.RunAsync(args[1..], Console.Out, Console.Error, cancellation.Token);
