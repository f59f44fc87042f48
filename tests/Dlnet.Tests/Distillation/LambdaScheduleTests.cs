using Dlnet.Optimization;

namespace Dlnet.Tests.Distillation;

public class LambdaScheduleTests
{
    [Fact]
    public void LinearScheduleRisesFromStartToEndOverThePlannedEpochs()
    {
        var options = new DistillationOptions();
        double[] lambdas = [.. Enumerable.Range(0, 5).Select(e => options.LambdaAt(e, 5))];
        Assert.Equal([0.1, 0.3, 0.5, 0.7, 0.9], lambdas, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(0.1, options.LambdaAt(0, 200), 12);
        Assert.Equal(0.1 + 0.8 * 100 / 199.0, options.LambdaAt(100, 200), 12);
        Assert.Equal(0.9, options.LambdaAt(199, 200), 12);
        // Past the plan (not reached by the trainer) it stays at the end value.
        Assert.Equal(0.9, options.LambdaAt(250, 200), 12);
        Assert.Equal(0.1, options.LambdaAt(0, 1), 12);
    }

    [Fact]
    public void LinearScheduleMayFall()
    {
        var options = new DistillationOptions { LambdaStart = 0.8, LambdaEnd = 0.2 };
        Assert.Equal([0.8, 0.5, 0.2], [.. Enumerable.Range(0, 3).Select(e => options.LambdaAt(e, 3))], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void ConstantScheduleIsTheEndValueThroughout()
    {
        var options = new DistillationOptions { Schedule = "constant", LambdaEnd = 0.4 };
        Assert.All(Enumerable.Range(0, 7), e => Assert.Equal(0.4, options.LambdaAt(e, 7)));
    }

    [Theory]
    [InlineData("schedule")]
    [InlineData("start")]
    [InlineData("end")]
    [InlineData("divergence")]
    [InlineData("hidden")]
    public void BadSettingsAreRefused(string what)
    {
        var options = what switch
        {
            "schedule" => new DistillationOptions { Schedule = "cosine" },
            "start" => new DistillationOptions { LambdaStart = -0.1 },
            "end" => new DistillationOptions { LambdaEnd = 1.5 },
            "divergence" => new DistillationOptions { Divergence = "kl" },
            _ => new DistillationOptions { HiddenWeight = double.NaN },
        };
        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }

    [Fact]
    public void TheObjectiveFollowsTheScheduleEpochByEpoch()
    {
        var options = new DistillationOptions();
        var network = new Dlnet.Nn.Networks.MlpNetwork<float>(new Dlnet.Nn.Networks.MlpOptions(4, 2, [3]));
        var objective = new DistillationObjective(options, 5, new Dlnet.Optimization.MseLoss(), 2, new float[10], network);
        Assert.Equal(0.1, objective.Lambda, 12);
        ((Dlnet.Optimization.ITrainingHook)objective).BeginEpoch(3);
        Assert.Equal(0.7, objective.Lambda, 12);
    }
}
