using System.Text.Json;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Domain.Bulletins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>bulletin-test --config &lt;preset | file.json[#Section:Path]&gt; (--url &lt;page url&gt; | --file &lt;saved page&gt;)</c>:
/// reads one bulletin page with a site configuration and prints what was extracted (JSON) — the way to validate a new
/// vendor configuration before enabling it. Exit code 0 when the page was read, 1 when it was rejected, 2 on usage errors.
/// </summary>
internal sealed class BulletinTestCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "bulletin-test";

    public string Description => "Extract one bulletin page with a site configuration: --config <preset|file.json[#section]> --url <url> | --file <page>";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = ParseArgs(args);
        if (options is null || !options.TryGetValue("--config", out var configArg) || (options.ContainsKey("--url") == options.ContainsKey("--file")))
        {
            await stderr.WriteLineAsync("usage: bulletin-test --config <preset|file.json[#Section:Path]> (--url <page url> | --file <saved page>)");
            await stderr.WriteLineAsync("presets: cisa-advisory, fda-page");
            return 2;
        }

        BulletinSiteConfig config;
        try
        {
            config = LoadConfig(configArg);
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"cannot read configuration '{configArg}': {ex.Message}");
            return 2;
        }

        if (config.Validate() is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await stderr.WriteLineAsync($"configuration problem: {problem}");
            }

            if (problems.Any(p => p.Contains("XPath", StringComparison.Ordinal) || p.Contains("regular expression", StringComparison.Ordinal)))
            {
                return 2;
            }
        }

        byte[] page;
        string pageUrl;
        if (options.TryGetValue("--file", out var file))
        {
            if (!File.Exists(file))
            {
                await stderr.WriteLineAsync($"no such file: {file}");
                return 2;
            }

            page = await File.ReadAllBytesAsync(file, cancellationToken);
            pageUrl = options.TryGetValue("--page-url", out var given) ? given : new Uri(Path.GetFullPath(file)).ToString();
        }
        else
        {
            if (!Uri.TryCreate(options["--url"], UriKind.Absolute, out var url))
            {
                await stderr.WriteLineAsync($"not an absolute URL: {options["--url"]}");
                return 2;
            }

            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build())
                .AddSourceHttpClient()
                .BuildServiceProvider();
            await using (services)
            {
                try
                {
                    var fetched = await services.GetRequiredService<SourceHttpClient>().GetAsync(url, null, (long)config.MaxPageChars * 4, cancellationToken);
                    page = fetched.Body;
                    pageUrl = fetched.Url.ToString();
                }
                catch (SourceFetchException ex)
                {
                    await stderr.WriteLineAsync(ex.Message);
                    return 1;
                }
            }
        }

        var result = BulletinPageReader.Read(page, pageUrl, config);
        if (result.Advisory is not { } advisory)
        {
            await stderr.WriteLineAsync($"rejected: {result.RejectionReason}");
            return 1;
        }

        var report = new
        {
            configuration = config.Name,
            id = advisory.Id,
            kind = advisory.Kind.ToString(),
            title = advisory.Title,
            date = advisory.InitialReleaseDate,
            url = advisory.WebUrl,
            vendors = advisory.VendorNames.ToArray(),
            products = advisory.Products.Select(p => new { vendor = p.Vendor, product = p.ProductName }).ToArray(),
            cves = advisory.Cves.ToArray(),
            mitigations = advisory.Vulnerabilities.SelectMany(v => v.Remediations).Select(r => r.Details).Distinct().ToArray(),
            summary = advisory.Summary is { Length: > 300 } s ? s[..300] + "…" : advisory.Summary,
        };
        await stdout.WriteLineAsync(JsonSerializer.Serialize(report, Indented));
        return 0;
    }

    /// <summary>A preset name, a JSON file with one site configuration, or a settings file plus "#Section:Path".</summary>
    internal static BulletinSiteConfig LoadConfig(string argument)
    {
        if (BulletinPresets.ByName(argument) is { } preset)
        {
            return preset;
        }

        var hash = argument.IndexOf('#', StringComparison.Ordinal);
        var path = hash >= 0 ? argument[..hash] : argument;
        var section = hash >= 0 ? argument[(hash + 1)..].Replace("__", ":", StringComparison.Ordinal) : "";
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"not a preset ({string.Join(", ", "cisa-advisory", "fda-page")}) and no such file", path);
        }

        IConfiguration configuration;
        using (var document = JsonDocument.Parse(File.ReadAllText(path)))
        {
            if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                // local.settings.json: flat "Section__0__Field" keys.
                var flat = values.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                configuration = new ConfigurationBuilder().AddInMemoryCollection(flat!).Build();
            }
            else
            {
                configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path)).Build();
            }
        }

        var node = section.Length > 0 ? configuration.GetSection(section) : configuration;
        var options = node.Get<HtmlBulletinOptions>() ?? throw new InvalidDataException($"section '{section}' is empty");
        var config = options.ToConfig();
        if (config.Name.Length == 0)
        {
            config.Name = section.Length > 0 ? section : Path.GetFileNameWithoutExtension(path);
        }

        return config;
    }

    private static Dictionary<string, string>? ParseArgs(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            result[args[i]] = args[i + 1];
        }

        return result;
    }
}
