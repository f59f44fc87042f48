using System.Text.RegularExpressions;

namespace Dlnet.Fleet;

/// <summary>
/// The split tags a fleet's metadata may give its cells: <c>train</c> for cells to fit on, and <c>test</c> or a
/// name that starts with it (<c>test1</c>, <c>test2</c>, <c>test_b3</c>) for cells to report on. Any other tag
/// is a typo (<c>Training</c>, <c>Test-1</c>) that would quietly become a report split of its own, or a name the
/// protocols give their own splits (<c>validation</c>, <c>paper16</c>).
/// </summary>
public static partial class SplitTags
{
    /// <summary>What a split tag may be, for messages.</summary>
    public const string Expected = "train for cells to fit on, test or test<N> (test1, test2) for cells to report on";

    /// <summary>The tag of the cells to fit on.</summary>
    public const string Train = "train";

    public static bool IsKnown(string tag) => tag == Train || ReportTag().IsMatch(tag);

    [GeneratedRegex("^test[a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReportTag();
}
