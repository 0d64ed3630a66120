using System.Text;
using System.Text.Json;

namespace Simulators.Tests.HiPayEnterprise;

public sealed class EnterpriseControlTests : IAsyncLifetime
{
    private EnterpriseTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EnterpriseTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _host.Http.PostAsync(path, content);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Seed_RecentAndStaleAgreements_OnlyRecentUsable()
    {
        var seeded = await PostJsonAsync("_sim/enterprise/seed", """
            {"agreements":[
              {"iban":"DE89370400440532013000","firstName":"Ann","lastName":"Recent","lastActivity":"2025-06-01T00:00:00Z"},
              {"iban":"FR1420041010050500013M02606","firstName":"Bob","lastName":"Stale","lastActivity":"2022-12-01T00:00:00Z"}]}
            """);
        var ids = seeded.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var (recent, _) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SEED-1", ids[0]));
        var (stale, _) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SEED-2", ids[1]));
        var agreements = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/agreements")).RootElement;

        Assert.Equal(200, recent);
        Assert.Equal(400, stale);
        Assert.Equal("terminated", agreements[1].GetProperty("status").GetString());
        Assert.Equal("FR14*******************2606", agreements[1].GetProperty("iban").GetString());
    }

    [Fact]
    public async Task Seed_InvalidIban_400()
    {
        using var content = new StringContent("""{"agreements":[{"iban":"DE00370400440532013000","firstName":"A","lastName":"B"}]}""", Encoding.UTF8, "application/json");

        using var response = await _host.Http.PostAsync("_sim/enterprise/seed", content);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task AdvanceBankDays_FromThursday_SkipsWeekendAndSettles()
    {
        var reference = (await _host.FirstDebitAsync("CTL-1")).GetProperty("transactionReference").GetString()!;

        var nine = await PostJsonAsync("_sim/enterprise/clock/advance-bank-days", """{"bankDays":9}""");
        var statusAfterNine = (await _host.LookupAsync(reference)).GetProperty("status").GetString();
        var ten = await PostJsonAsync("_sim/enterprise/clock/advance-bank-days", """{"bankDays":1}""");

        Assert.Equal(new DateTimeOffset(2026, 1, 14, 0, 0, 0, TimeSpan.Zero), nine.GetProperty("now").GetDateTimeOffset());
        Assert.Equal("142", statusAfterNine);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), ten.GetProperty("now").GetDateTimeOffset());
        Assert.Equal("118", (await _host.LookupAsync(reference)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reset_AfterActivity_BooksEmptyAndNothingSettlesLater()
    {
        await _host.FirstDebitAsync("CTL-2");
        await _host.DeliverAsync();

        await PostJsonAsync("_sim/reset", "{}");
        await _host.AdvanceDaysAsync(20);
        var transactions = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/transactions")).RootElement;
        var books = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/books")).RootElement;

        Assert.Equal(0, transactions.GetArrayLength());
        Assert.Equal(0, books.GetProperty("capturedMinor").GetInt64());
        Assert.Single(_host.Received);
    }

    [Fact]
    public async Task Books_MixedOutcomes_SumsInMinorUnits()
    {
        await _host.FirstDebitAsync("BK-1", amount: "10.00");
        await _host.FirstDebitAsync("BK-2", amount: "20.51");
        await _host.FirstDebitAsync("BK-3", amount: "30.52");
        await _host.AdvanceDaysAsync(20);

        var books = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/books")).RootElement;

        Assert.Equal(4052, books.GetProperty("capturedMinor").GetInt64());
        Assert.Equal(2051, books.GetProperty("refusedMinor").GetInt64());
        Assert.Equal(3052, books.GetProperty("chargebackedMinor").GetInt64());
        Assert.Equal(1000, books.GetProperty("netMinor").GetInt64());
    }
}
