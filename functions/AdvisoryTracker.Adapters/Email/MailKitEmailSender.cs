using AdvisoryTracker.Domain.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AdvisoryTracker.Adapters.Email;

/// <summary>
/// Sends over SMTP with MailKit, reusing one connection for the sends of a drain. A connection idle for longer than
/// <see cref="SmtpOptions.IdleCheckAfter"/> is checked with NOOP before reuse (servers drop idle sessions between drains), and
/// replaced when the check fails — before any message is sent, so nothing is sent twice. 4xx replies and dropped
/// connections are transient (retry later); 5xx replies and invalid recipients are permanent.
/// </summary>
public sealed class MailKitEmailSender(IOptions<SmtpOptions> options, TimeProvider time) : IEmailSender, IDisposable
{
    private readonly SmtpOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;
    private long _lastUsed;

    public async Task SendAsync(EmailMessage email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        if (!MailboxAddress.TryParse(email.To, out var to) || to.Address != email.To)
        {
            throw new EmailDeliveryException($"'{email.To}' is not a valid recipient address", isTransient: false);
        }

        message.To.Add(to);
        message.Subject = email.Subject;
        message.Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody();

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
            _lastUsed = time.GetTimestamp();
        }
        catch (SmtpCommandException ex)
        {
            // After a refused command the server may have closed the session (421) or left a half-open transaction:
            // the next send starts on a fresh connection either way.
            await ResetAsync();
            var transient = (int)ex.StatusCode is >= 400 and < 500;
            throw new EmailDeliveryException($"SMTP answered {(int)ex.StatusCode}: {ex.Message}", transient, ex);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await ResetAsync();
            throw new EmailDeliveryException($"SMTP connection failed: {ex.Message}", isTransient: true, ex);
        }
        catch (AuthenticationException ex)
        {
            await ResetAsync();
            throw new EmailDeliveryException($"SMTP authentication failed: {ex.Message}", isTransient: true, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } && time.GetElapsedTime(_lastUsed) < _options.IdleCheckAfter)
        {
            return _client;
        }

        if (_client is { IsConnected: true } idle)
        {
            try
            {
                await idle.NoOpAsync(cancellationToken);
                _lastUsed = time.GetTimestamp();
                return idle;
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException)
            {
                await ResetAsync();
            }
        }

        _client?.Dispose();
        _client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        var security = _options.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await _client.ConnectAsync(_options.Host, _options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(_options.UserName))
        {
            await _client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken);
        }

        _lastUsed = time.GetTimestamp();
        return _client;
    }

    private async Task ResetAsync()
    {
        if (_client is not null)
        {
            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(true);
                }
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException)
            {
                // The connection is being dropped anyway.
            }

            _client.Dispose();
            _client = null;
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _gate.Dispose();
    }
}
