namespace AdvisoryTracker.Adapters.Email;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP (local test servers only).</summary>
    None,
    /// <summary>STARTTLS, required (port 587: Azure Communication Services, SendGrid, Exchange Online).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Azure Communication Services: "&lt;resource&gt;|&lt;app id&gt;|&lt;tenant id&gt;"; SendGrid: "apikey".</summary>
    public string? UserName { get; set; }

    /// <summary>From Key Vault in Azure (a Key Vault reference app setting); never committed.</summary>
    public string? Password { get; set; }

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "IoMT Advisory Tracker";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A reused connection idle longer than this is checked with NOOP (and replaced if dropped) before sending.</summary>
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(10);
}
