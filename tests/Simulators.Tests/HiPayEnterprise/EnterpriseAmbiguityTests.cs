using System.Text.Json;
using Simulator.Common;

namespace Simulators.Tests.HiPayEnterprise;

/// <summary>
/// The ambiguous endings a client must survive: the order was applied but the answer never arrived. The books and
/// the orderid lookup are what a client reconciles with.
/// </summary>
public sealed class EnterpriseAmbiguityTests : IAsyncLifetime
{
    private EnterpriseTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EnterpriseTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DropAfterApply_OrderCreatedButAnswerLost_FoundByOrderIdAndNotDebitedTwice()
    {
        _host.Simulator.Get<FaultRegistry>().Add(new FaultRule("drop", FaultKind.DropAfterApply, Method: "POST", PathRegex: "^/rest/v1/order$", Count: 1));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _host.PostAsync("rest/v1/order", EnterpriseTestHost.FirstDebitForm("AMB-1")));
        var (lookupStatus, lookup) = await _host.GetAsync("rest/v1/transaction?orderid=AMB-1");
        var (retryStatus, retry) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.FirstDebitForm("AMB-1"));
        var books = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/transactions")).RootElement;

        Assert.Equal(200, lookupStatus);
        Assert.Equal("142", JsonDocument.Parse(lookup).RootElement.GetProperty("transaction").GetProperty("status").GetString());
        Assert.Equal(400, retryStatus);
        Assert.Equal(3010004, JsonDocument.Parse(retry).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(1, books.GetArrayLength());
    }

    [Fact]
    public async Task FailAfterApply_500ButOrderExists_LookupShowsIt()
    {
        _host.Simulator.Get<FaultRegistry>().Add(new FaultRule("fail", FaultKind.FailAfterApply, Method: "POST", PathRegex: "^/rest/v1/order$", Count: 1));

        var (status, _) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.FirstDebitForm("AMB-2"));
        var (_, lookup) = await _host.GetAsync("rest/v1/transaction?orderid=AMB-2");

        Assert.Equal(500, status);
        Assert.Equal("AMB-2", JsonDocument.Parse(lookup).RootElement.GetProperty("transaction").GetProperty("order").GetProperty("id").GetString());
    }
}
