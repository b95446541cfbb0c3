using System.CommandLine;
using System.Text.Json;
using AdvisoryTracker.Cli.Terminal;
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
internal sealed class BulletinTestCommand : CliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "bulletin-test";

    public override string Description =>
        "Extract one bulletin page with a site configuration and print what was read (JSON): the check of a new vendor configuration before enabling it. " +
        "Exit codes: 0 read, 1 rejected or not fetched, 2 usage error or bad configuration.";

    public override string Usage => "bulletin-test --config <preset|file.json[#Section:Path]> (--url <page url> | --file <saved page> [--page-url <url>])";

    public override Command Create(CliOutput output)
    {
        var command = new Command(Name, Description);
        var config = command.Require(CliOptions.Create<string>(
            "--config", "a preset (cisa-advisory, fda-page), a JSON file with one site configuration, or a settings file plus #Section:Path", "config"));
        var url = CliOptions.Create<string>("--url", "fetch the page from this URL", "page url");
        var file = CliOptions.Create<string>("--file", "read a saved page instead", "saved page");
        var pageUrl = CliOptions.Create<string>("--page-url", "with --file: the URL the page was saved from (links resolve against it)", "url");
        command.With(config, url, file, pageUrl);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(url) is null) == (result.GetResult(file) is null))
            {
                result.AddError("give either --url or --file");
            }
        });
        command.SetAction((result, cancellationToken) => TestAsync(
            result.GetValue(config)!, result.GetValue(url), result.GetValue(file), result.GetValue(pageUrl), output.Out, output.Error, cancellationToken));
        return command;
    }

    private static async Task<int> TestAsync(string configArg, string? urlText, string? file, string? givenPageUrl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
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
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                await stderr.WriteLineAsync($"no such file: {file}");
                return 2;
            }

            page = await File.ReadAllBytesAsync(file, cancellationToken);
            pageUrl = givenPageUrl ?? new Uri(Path.GetFullPath(file)).ToString();
        }
        else
        {
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url))
            {
                await stderr.WriteLineAsync($"not an absolute URL: {urlText}");
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
}
