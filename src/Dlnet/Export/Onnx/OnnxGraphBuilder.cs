using Dlnet.Export.Onnx.Proto;
using Dlnet.Nn;

namespace Dlnet.Export.Onnx;

/// <summary>
/// Builds an ONNX graph one operator at a time: every call appends a node and returns the name of the
/// value it produces, so exporters read like the forward pass they mirror. Parameters become float32
/// initializers under their own names (each once); other constants get generated names.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The symbolic batch dimension of inputs and outputs.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto _graph = new();
    private readonly Scope _scope;

    public OnnxGraphBuilder(string name)
    {
        _graph.Name = name;
        _scope = new Scope(_graph);
    }

    private OnnxGraphBuilder(Scope scope, string name)
    {
        _graph.Name = name;
        _scope = scope;
    }

    public GraphProto Graph => _graph;

    /// <summary>Nodes of this graph, not counting those in the bodies of its loops.</summary>
    public int NodeCount => _graph.Nodes.Count;

    /// <summary>Declares a float input [N, width].</summary>
    public string Input(string name, int width, string doc = "")
    {
        Claim(name);
        _graph.Inputs.Add(new ValueInfoProto(name, TensorElementType.Float, [BatchDimension, (long)width], doc));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as the float output [N, width] called <paramref name="name"/>.</summary>
    public void Output(string value, string name, int width, string doc = "")
    {
        if (value != name)
        {
            Claim(name);
            Node("Identity", [value], [name]);
        }
        _graph.Outputs.Add(new ValueInfoProto(name, TensorElementType.Float, [BatchDimension, (long)width], doc));
    }

    /// <summary>A float initializer named <paramref name="name"/>.</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, long[] dims, string doc = "")
    {
        Claim(name);
        _scope.Root.Initializers.Add(TensorProto.Floats(name, values, dims, doc));
        return name;
    }

    /// <summary>A parameter tensor as an initializer of its own name and shape (added on first use).</summary>
    public string Parameter(ParameterStore<float> store, ParameterTensor tensor)
    {
        if (_scope.Names.Contains(tensor.Name)) return tensor.Name;
        return Initializer(tensor.Name, store[tensor], [.. tensor.Shape.Select(d => (long)d)]);
    }

    /// <summary>A float scalar constant (rank 0, broadcast against anything).</summary>
    public string Scalar(float value)
    {
        if (_scope.Scalars.TryGetValue(value, out string? name)) return name;
        name = Fresh("const");
        _scope.Root.Initializers.Add(TensorProto.Floats(name, [value], []));
        _scope.Scalars[value] = name;
        return name;
    }

    /// <summary>A 1-D int64 constant (axes, shapes, split sizes).</summary>
    public string Int64s(params long[] values)
    {
        string key = string.Join(',', values);
        if (_scope.Int64s.TryGetValue(key, out string? name)) return name;
        name = Fresh("ints");
        _scope.Root.Initializers.Add(TensorProto.Int64s(name, values, [values.Length]));
        _scope.Int64s[key] = name;
        return name;
    }

    /// <summary>Appends a node with one output; returns the output's name.</summary>
    public string Op(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        Op(opType, inputs, 1, attributes)[0];

    /// <summary>Appends a node with <paramref name="outputs"/> outputs; returns their names.</summary>
    public string[] Op(string opType, IReadOnlyList<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var names = new string[outputs];
        for (int i = 0; i < outputs; i++) names[i] = Fresh(opType);
        Node(opType, inputs, names, attributes);
        return names;
    }

    public string Add(string a, string b) => Op("Add", [a, b]);

    public string Sub(string a, string b) => Op("Sub", [a, b]);

    public string Mul(string a, string b) => Op("Mul", [a, b]);

    public string Div(string a, string b) => Op("Div", [a, b]);

    public string Tanh(string x) => Op("Tanh", [x]);

    public string Sigmoid(string x) => Op("Sigmoid", [x]);

    public string Exp(string x) => Op("Exp", [x]);

    public string Abs(string x) => Op("Abs", [x]);

    /// <summary>x W^T + c for W [outputs, inputs] (c may be null, or anything broadcast to [N, outputs]).</summary>
    public string Gemm(string x, string weight, string? c, float alpha = 1f)
    {
        var attributes = new List<AttributeProto> { AttributeProto.Of("transB", 1L) };
        if (alpha != 1f) attributes.Add(AttributeProto.Of("alpha", alpha));
        return Op("Gemm", c is null ? [x, weight] : [x, weight, c], [.. attributes]);
    }

    /// <summary>Splits [N, k * width] into k equal [N, width] parts along axis 1.</summary>
    public string[] SplitColumns(string x, int parts) =>
        parts == 1 ? [x] : Op("Split", [x], parts, AttributeProto.Of("axis", 1L));

    /// <summary>Columns [from, to) of a [N, *] value.</summary>
    public string Columns(string x, int from, int to) =>
        Op("Slice", [x, Int64s(from), Int64s(to), Int64s(1)]);

    public string Concat(int axis, params string[] parts) => Op("Concat", parts, AttributeProto.Of("axis", (long)axis));

    public string Unsqueeze(string x, params long[] axes) => Op("Unsqueeze", [x, Int64s(axes)]);

    public string Squeeze(string x, params long[] axes) => Op("Squeeze", [x, Int64s(axes)]);

    /// <summary>Sum over <paramref name="axis"/>, dropping it.</summary>
    public string ReduceSum(string x, long axis) => Op("ReduceSum", [x, Int64s(axis)], AttributeProto.Of("keepdims", 0L));

    /// <summary>Zeros [N, width], N taken from the batch of <paramref name="like"/>.</summary>
    public string Zeros(string like, int width)
    {
        string batch = Op("Shape", [like], AttributeProto.Of("start", 0L), AttributeProto.Of("end", 1L));
        string shape = Concat(0, batch, Int64s(width));
        return Op("ConstantOfShape", [shape], AttributeProto.Of("value", TensorProto.Floats(Fresh("zero"), [0f], [1])));
    }

    /// <summary>
    /// A recurrence over the first axis of <paramref name="sequence"/> [S, N, inputWidth] as an ONNX Scan:
    /// <paramref name="step"/> builds the body from (body builder, previous state [N, stateWidth], x_t
    /// [N, inputWidth]) and returns the next state. Returns the state after the last step. The body
    /// reads weights and constants from this graph's scope, so they are stored once.
    /// </summary>
    public string Scan(string initialState, int stateWidth, string sequence, int inputWidth,
        Func<OnnxGraphBuilder, string, string, string> step)
    {
        var body = new OnnxGraphBuilder(_scope, Fresh("scan_body"));
        string state = Fresh("state"), x = Fresh("x");
        body._graph.Inputs.Add(new ValueInfoProto(state, TensorElementType.Float, [BatchDimension, (long)stateWidth]));
        body._graph.Inputs.Add(new ValueInfoProto(x, TensorElementType.Float, [BatchDimension, (long)inputWidth]));
        string next = step(body, state, x);
        body._graph.Outputs.Add(new ValueInfoProto(next, TensorElementType.Float, [BatchDimension, (long)stateWidth]));
        BodyNodes += body._graph.Nodes.Count + body.BodyNodes;
        return Op("Scan", [initialState, sequence], AttributeProto.Of("body", body._graph), AttributeProto.Of("num_scan_inputs", 1L));
    }

    /// <summary>Nodes inside the bodies of this graph's loops (each counted once, not per step).</summary>
    public int BodyNodes { get; private set; }

    private void Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Nodes.Count}" };
        node.Inputs.AddRange(inputs);
        node.Outputs.AddRange(outputs);
        node.Attributes.AddRange(attributes);
        _graph.Nodes.Add(node);
    }

    private string Fresh(string stem)
    {
        string name;
        do name = $"{stem}_{_scope.Counter++}"; while (_scope.Names.Contains(name));
        _scope.Names.Add(name);
        return name;
    }

    private void Claim(string name)
    {
        if (!_scope.Names.Add(name)) throw new InvalidOperationException($"value name '{name}' used twice in the graph");
    }

    /// <summary>
    /// What a graph shares with the bodies of its loops: one namespace (ONNX forbids a body to shadow an
    /// outer name) and the root graph, which holds every initializer.
    /// </summary>
    private sealed class Scope(GraphProto root)
    {
        public GraphProto Root { get; } = root;
        public HashSet<string> Names { get; } = [];
        public Dictionary<float, string> Scalars { get; } = [];
        public Dictionary<string, string> Int64s { get; } = [];
        public int Counter { get; set; }
    }
}
