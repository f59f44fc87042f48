// Two namespaces that use each other only inside method bodies, for FolderLayeringTests to find.
namespace Dlnet.Tests.Structure.Lower
{
    internal static class Down
    {
        public static int Call() => Upper.Up.Value();
    }
}

namespace Dlnet.Tests.Structure.Upper
{
    internal static class Up
    {
        public static int Value() => 1;

        public static int Back() => Lower.Down.Call();
    }
}
