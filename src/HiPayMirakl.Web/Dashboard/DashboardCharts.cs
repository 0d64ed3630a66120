using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>One bar: its label under the axis, its value (any integer unit) and how the value is written.</summary>
public sealed record ChartBar(string Label, long Value, string Display);

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, no charting library, nothing fetched. Each chart is an
/// image to assistive technology (<c>role="img"</c>) named by its <c>&lt;title&gt;</c>, and its description lists
/// every bar's value, so the figures are readable without seeing the bars. Values are scaled with integer arithmetic.
/// </summary>
public static class DashboardCharts
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 12;
    private const int Top = 20;
    private const int Bottom = 52;

    public static IHtmlContent Bars(string id, string title, IReadOnlyList<ChartBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var invariant = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        var titleId = id + "-title";
        var descId = id + "-desc";
        svg.Append(invariant, $"<svg class=\"chart\" id=\"{Enc(id)}\" role=\"img\" aria-labelledby=\"{Enc(titleId)} {Enc(descId)}\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(invariant, $"<title id=\"{Enc(titleId)}\">{Enc(title)}</title>");
        svg.Append(invariant, $"<desc id=\"{Enc(descId)}\">{Enc(string.Join("; ", bars.Select(b => b.Label + ": " + b.Display)))}</desc>");
        var plotHeight = Height - Top - Bottom;
        var baseline = Top + plotHeight;
        svg.Append(invariant, $"<line x1=\"{Left}\" y1=\"{baseline}\" x2=\"{Width - Left}\" y2=\"{baseline}\" stroke=\"#8793a3\" stroke-width=\"1\"/>");
        if (bars.Count > 0)
        {
            var max = Math.Max(1, bars.Max(b => Math.Max(0, b.Value)));
            var slot = (Width - (2 * Left)) / bars.Count;
            var barWidth = Math.Max(4, slot * 3 / 5);
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                // Integer scaling: (value × height) / max, in 128-bit so large minor-unit sums cannot overflow.
                var h = (int)(Int128.Max(0, (Int128)bar.Value) * plotHeight / max);
                var x = Left + (i * slot) + ((slot - barWidth) / 2);
                var centre = x + (barWidth / 2);
                svg.Append(invariant, $"<rect x=\"{x}\" y=\"{baseline - h}\" width=\"{barWidth}\" height=\"{h}\" fill=\"#0b4f8a\"><title>{Enc(bar.Label + ": " + bar.Display)}</title></rect>");
                svg.Append(invariant, $"<text x=\"{centre}\" y=\"{Math.Max(Top - 6, baseline - h - 4)}\" text-anchor=\"middle\">{Enc(bar.Display)}</text>");
                svg.Append(invariant, $"<text x=\"{centre}\" y=\"{baseline + 16}\" text-anchor=\"middle\">{Enc(Shorten(bar.Label, slot))}</text>");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>A label cut to what fits under its bar (about 6 px a character at 11 px).</summary>
    private static string Shorten(string label, int slot)
    {
        var room = Math.Max(3, slot / 6);
        return label.Length <= room ? label : label[..(room - 1)] + "…";
    }

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
