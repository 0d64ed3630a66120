using System.Diagnostics.CodeAnalysis;

namespace Simulator.Mirakl.Seeding;

/// <summary>Parameters of a generated marketplace (control route POST /_sim/mirakl/seed).</summary>
/// <param name="Shops">Number of shops.</param>
/// <param name="CyclesOfInvoices">Payment cycles (1st, 11th, 21st of the month) with one AUTO_INVOICE per shop.</param>
/// <param name="Seed">Random seed: same seed, same marketplace.</param>
/// <param name="Start">First instant considered; the first cycle is the first 1/11/21 at or after it.</param>
[SuppressMessage("Maintainability", "CA1515:Consider making public types internal", Justification = "Part of the public options of the in-process host.")]
public sealed record MarketplaceSeedRequest(int Shops = 20, int CyclesOfInvoices = 1, int Seed = 42, DateTimeOffset? Start = null);
