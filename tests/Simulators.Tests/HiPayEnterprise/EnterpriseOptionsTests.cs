using System.Text.Json;

namespace Simulators.Tests.HiPayEnterprise;

/// <summary>Configurable behaviours of S.1 and the e-signature branch of S.4.</summary>
public sealed class EnterpriseOptionsTests
{
    [Fact]
    public async Task Emit116BeforeCapture_On_116Then118()
    {
        await using var host = await EnterpriseTestHost.StartAsync(o => o.Emit116BeforeCapture = true);

        await host.FirstDebitAsync("OPT-1");
        await host.AdvanceDaysAsync(14);

        Assert.Equal([142, 116, 118], host.Received.Select(n => n.Status));
    }

    [Fact]
    public async Task FirstPaymentStatePending_FirstDebit_PendingWith142()
    {
        await using var host = await EnterpriseTestHost.StartAsync(o => o.FirstPaymentState = "pending");

        var order = await host.FirstDebitAsync("OPT-2");

        Assert.Equal("pending", order.GetProperty("state").GetString());
        Assert.Equal("142", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resend_CurrentStatus_DeliveredAgainWithSameContent()
    {
        await using var host = await EnterpriseTestHost.StartAsync();
        var reference = (await host.FirstDebitAsync("OPT-3")).GetProperty("transactionReference").GetString();
        await host.DeliverAsync();

        using var resent = await host.Http.PostAsync($"_sim/enterprise/transactions/{reference}/resend", null);
        await host.DeliverAsync();

        Assert.Equal(204, (int)resent.StatusCode);
        Assert.Equal(2, host.Received.Count);
        Assert.Equal(host.Received[0].Text, host.Received[1].Text);
        Assert.Equal(host.Received[0].Signature, host.Received[1].Signature);
    }

    [Fact]
    public async Task ESignature_Signed_ForwardingThen141And142AndCaptured()
    {
        await using var host = await EnterpriseTestHost.StartAsync();
        var form = EnterpriseTestHost.FirstDebitForm("SIGN-1");
        form["authentication_indicator"] = "1";
        form["accept_url"] = "https://shop.test/accept";

        var (_, body) = await host.PostAsync("rest/v1/order", form);
        var answer = JsonDocument.Parse(body).RootElement;
        var forward = new Uri(answer.GetProperty("forwardUrl").GetString()!);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Simulator.BaseAddress };
        using var sign = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal) { ["action"] = "sign" });
        using var signed = await noRedirect.PostAsync(forward.PathAndQuery, sign);
        await host.AdvanceDaysAsync(14);

        Assert.Equal("forwarding", answer.GetProperty("state").GetString());
        Assert.Equal("140", answer.GetProperty("status").GetString());
        Assert.Equal("pending", answer.GetProperty("debitAgreement").GetProperty("status").GetString());
        Assert.Contains("/payment/web/sign/", forward.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(302, (int)signed.StatusCode);
        Assert.Equal([140, 141, 142, 118], host.Received.Select(n => n.Status));
        Assert.Equal("available", host.Received[2].Form["debit_agreement[status]"]);
    }

    [Fact]
    public async Task ESignature_Cancelled_115AndAgreementInError()
    {
        await using var host = await EnterpriseTestHost.StartAsync();
        var form = EnterpriseTestHost.FirstDebitForm("SIGN-2");
        form["authentication_indicator"] = "1";

        var (_, body) = await host.PostAsync("rest/v1/order", form);
        var forward = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("forwardUrl").GetString()!);
        using var cancel = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal) { ["action"] = "cancel" });
        using var cancelled = await host.Http.PostAsync(forward.PathAndQuery, cancel);
        var transaction = await host.LookupAsync(JsonDocument.Parse(body).RootElement.GetProperty("transactionReference").GetString()!);

        Assert.Equal("115", transaction.GetProperty("status").GetString());
        Assert.Equal("error", transaction.GetProperty("debitAgreement").GetProperty("status").GetString());
    }
}
