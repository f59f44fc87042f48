namespace Dlnet.Architectures;

/// <summary>
/// Size and shape settings of an architecture, as given on the command line and kept in the model file.
/// A null setting takes the architecture's default; a setting an architecture has no use for is refused
/// by <see cref="IArchitecture.Create{T}"/>.
/// </summary>
public sealed record NetworkOptions
{
    /// <summary>Hidden units: latent size of the liquid models, state size of the recurrent ones, width of the MLP.</summary>
    public int? Hidden { get; init; }

    /// <summary>Rank of the low-rank recurrent matrix of the Euler student.</summary>
    public int? Rank { get; init; }

    /// <summary>Stacked layers of the recurrent baselines, hidden layers of the MLP.</summary>
    public int? Layers { get; init; }

    /// <summary>Dropout probability during training.</summary>
    public double? Dropout { get; init; }

    /// <summary>Euler step size of the student (dt).</summary>
    public double? StepSize { get; init; }

    /// <summary>Solver steps of the liquid block (teacher: 9 over t in [0, 1]; student: 1).</summary>
    public int? Steps { get; init; }

    /// <summary>Width of the first encoder layer of the teacher and student (256 as published).</summary>
    public int? EncoderWidth { get; init; }

    /// <summary>Hidden decoder widths of the teacher and student (256, 128 as published; pruning shrinks them).</summary>
    public int[]? DecoderWidths { get; init; }

    /// <summary>Widths of each hidden layer of the MLP, overriding <see cref="Hidden"/> x <see cref="Layers"/> (pruning makes them differ).</summary>
    public int[]? HiddenWidths { get; init; }
}
