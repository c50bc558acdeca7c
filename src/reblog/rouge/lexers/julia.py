"""Julia, tokenized the way Rouge 3.30's lexer does (rouge/lexers/julia.rb), rule for rule.

Ruby's ``\\b`` is Unicode-aware (``π`` is a word character), so the word-list rules are written in
``(?u:...)``; a leading ``\\b`` holds where a word character follows (the scanner sees nothing
before its position).  Rouge's transpose rule ``(?<=[.\\w)\\]])'+`` can never match for the same
reason and is left out.  Rouge's extended-mode lists drop the spaces of ``mutable struct``,
``abstract type`` and ``for outer``; so does Python's verbose mode.

Function and type names use Unicode properties (``\\p{L}``, ``\\p{S}``, ``\\p{Po}`` ...) that
Python's ``re`` lacks: letters and digits come from Python's Unicode classes, symbols are the
ASCII ones plus the arrow and mathematical-operator blocks (what Julia code names operators with).
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, TokenSource, r

_BUILTINS = r"""(?u:(?=\w)(?:
      true      | false    | missing | nothing
    | Inf       | Inf16    | Inf32   | Inf64
    | NaN       | NaN16    | NaN32   | NaN64
    | stdout    | stderr   | stdin   | devnull
    | pi        | π        | ℯ       | im
    | ARGS      | C_NULL   | ENV     | ENDIAN_BOM
    | VERSION   | undef    | (LOAD|DEPOT)_PATH
    )\b)"""
_KEYWORDS = r"""(?u:(?=\w)(?:
      function | return | module | import | export
    | if       | else   | elseif | end    | for
    | in       | isa    | while  | try    | catch
    | const    | local  | global | using  | struct
    | mutable struct    | abstract type   | finally
    | begin    | do     | quote  | macro  | for outer
    | where
    )\b)"""
_TYPES = "(?u:(?=\\w)(?:" + "|".join(
    (
        "ARPACKException AbstractArray AbstractChannel AbstractChar AbstractDict AbstractDisplay "
        "AbstractFloat AbstractIrrational AbstractLogger AbstractMatrix AbstractREPL AbstractRNG "
        "AbstractRange AbstractSerializer AbstractSet AbstractSparseArray AbstractSparseMatrix "
        "AbstractSparseVector AbstractString AbstractUnitRange AbstractVecOrMat AbstractVector "
        "AbstractWorkerPool Adjoint Any ArgumentError Array AssertionError Base64DecodePipe "
        "Base64EncodePipe BasicREPL Bidiagonal BigFloat BigInt BitArray BitMatrix BitSet BitVector "
        "Bool BoundsError BunchKaufman CachingPool CapturedException CartesianIndex "
        "CartesianIndices Cchar Cdouble Cfloat Channel Char Cholesky CholeskyPivoted Cint Cintmax_t "
        "Clong Clonglong ClusterManager Cmd Colon Complex ComplexF16 ComplexF32 ComplexF64 "
        "CompositeException Condition ConsoleLogger Cptrdiff_t Cshort Csize_t Cssize_t Cstring "
        "Cuchar Cuint Cuintmax_t Culong Culonglong Cushort Cvoid Cwchar_t Cwstring DataType Date "
        "DateFormat DatePeriod DateTime Day DenseArray DenseMatrix DenseVecOrMat DenseVector "
        "Diagonal Dict DimensionMismatch Dims DivideError DomainError EOFError Eigen Enum "
        "ErrorException Exception ExponentialBackOff Expr FDWatcher Factorization FileMonitor "
        "Float16 Float32 Float64 FolderMonitor Function GeneralizedEigen GeneralizedSVD "
        "GeneralizedSchur GenericArray GenericDict GenericSet GenericString GitConfig GitRepo "
        "GlobalRef HMAC_CTX HTML Hermitian Hessenberg Hour IO IOBuffer IOContext IOStream IPAddr "
        "IPv4 IPv6 IdDict IndexCartesian IndexLinear IndexStyle InexactError InitError Int Int128 "
        "Int16 Int32 Int64 Int8 Integer InterruptException InvalidStateException Irrational "
        "KeyError LAPACKException LDLt LQ LU LinRange LineEditREPL LineNumberNode LinearIndices "
        "LoadError LogLevel LowerTriangular MIME Matrix MersenneTwister Method MethodError "
        "Microsecond Millisecond Minute Missing MissingException Module Month NTuple NamedTuple "
        "Nanosecond Nothing NullLogger Number OrdinalRange OutOfMemoryError OverflowError "
        "PackageMode PackageSpec Pair PartialQuickSort Period PermutedDimsArray Pipe "
        "PollingFileWatcher PosDefException ProcessExitedException Ptr QR QRPivoted QuoteNode "
        "RandomDevice RankDeficientException Rational RawFD ReadOnlyMemoryError Real ReentrantLock "
        "Ref Regex RegexMatch RemoteChannel RemoteException RoundingMode SHA1_CTX SHA224_CTX "
        "SHA256_CTX SHA2_224_CTX SHA2_256_CTX SHA2_384_CTX SHA2_512_CTX SHA384_CTX SHA3_224_CTX "
        "SHA3_256_CTX SHA3_384_CTX SHA3_512_CTX SHA512_CTX SVD Schur Second SegmentationFault "
        "Serializer Set SharedArray SharedMatrix SharedVector Signed SimpleLogger SingularException "
        "Some SparseMatrixCSC SparseVector StackOverflowError StepRange StepRangeLen StreamREPL "
        "StridedArray StridedMatrix StridedVecOrMat StridedVector String StringIndexError SubArray "
        "SubString SubstitutionString SymTridiagonal Symbol Symmetric SystemError TCPSocket Task "
        "TestSetException Text TextDisplay Time TimePeriod TimeType TimeZone Timer Transpose "
        "Tridiagonal Tuple Type TypeError TypeVar UDPSocket UInt UInt128 UInt16 UInt32 UInt64 UInt8 "
        "UTC UUID UndefInitializer UndefKeywordError UndefRefError UndefVarError UniformScaling "
        "Union UnionAll UnitLowerTriangular UnitRange UnitUpperTriangular Unsigned UpgradeLevel "
        "UpperTriangular Val Vararg VecElement VecOrMat Vector VersionNumber WeakKeyDict WeakRef "
        "Week WorkerConfig WorkerPool Year"
    ).split()
) + ")\\b)"
_OPERATORS = r"""\+      | =        | -     | \*   | \/
    | \\    | &        | \|    | \$   | ~
    | \^    | %        | !     | >>>  | >>
    | <<    | &&       | \|\|  | \+=  | -=
    | \*=   | \/=      | \\=   | ÷=   | %=
    | \^=   | &=       | \|=   | \$=  | >>>=
    | >>=   | <<=      | ==    | !=   | ≠
    | <=    | ≤        | >=    | ≥    | \.
    | ::    | <:       | ->    | \?   | \.\*
    | \.\^  | \.\\     | \.\/  | \\   | <
    | >     | ÷        | >:    | :    | ===
    | !==   | =>
"""
_SYMBOLS = r"$+<=>^`|~\u00ac\u00b1\u00d7\u00f7\u2190-\u21ff\u2200-\u22ff\u2a00-\u2aff"
_NAME_START = rf"(?u:[^\W\d]|[\u16ee-\u16f0\u2160-\u2188\u3007\u3021-\u3029{_SYMBOLS}])"
_NAME_REST = rf"(?u:[\w!{_SYMBOLS}!\"#%&'*,./:;?@\\])*"

JULIA = LexerSpec(
    "julia",
    {
        "root": [
            r(r"\n", ""),
            r(r"[^\S\n]+", ""),
            r(r"#=", "cm", "blockcomment"),
            r(r"#.*$", "c"),
            r(_OPERATORS, "o", flags=re.X),
            r(r"\\\n", ""),
            r(r"\\", ""),
            r(r"(function|macro)((?:\s|\\\s)+)", ("k", "nf"), "funcname"),
            r(r"((?:mutable )?struct|(?:abstract|primitive) type)((?:\s|\\\s)+)", ("k", "nc"), "typename"),
            r(_TYPES, "kt"),
            r(r"(local|global|const)\b", "kd"),
            r(_KEYWORDS, "k", flags=re.X),
            r(_BUILTINS, "nb", flags=re.X),
            r(r"`.*?`", "sb"),
            r(
                r"'(\\.|\\[0-7]{1,3}|\\x[a-fA-F0-9]{1,3}|\\u[a-fA-F0-9]{1,4}|\\U[a-fA-F0-9]{1,6}|[^\\'\n])'",
                "sc",
            ),
            r(r'(?:[IL])"', "s", "string"),
            r(r'[E]?"', "s", "string"),
            r(r"@[\w.]+", "nd"),
            r(r"(?:[a-zA-Z_\u00A1-\uffff]|[\u1000-\u10ff])(?:[a-zA-Z_0-9\u00A1-\uffff]|[\u1000-\u10ff])*!*", "n"),
            r(r"[\[\]{}(),;]", "x"),
            r(r"(\d+(_\d+)+\.\d*|\d*\.\d+(_\d+)+)([eEf][+-]?[0-9]+)?", "mf"),
            r(r"(\d+\.\d*|\d*\.\d+)([eEf][+-]?[0-9]+)?", "mf"),
            r(r"\d+(_\d+)+[eEf][+-]?[0-9]+", "mf"),
            r(r"\d+[eEf][+-]?[0-9]+", "mf"),
            r(r"0b[01]+(_[01]+)+", "mb"),
            r(r"0b[01]+", "mb"),
            r(r"0o[0-7]+(_[0-7]+)+", "mo"),
            r(r"0o[0-7]+", "mo"),
            r(r"0x[a-fA-F0-9]+(_[a-fA-F0-9]+)+", "mh"),
            r(r"0x[a-fA-F0-9]+", "mh"),
            r(r"\d+(_\d+)+", "mi"),
            r(r"\d+", "mi"),
        ],
        "funcname": [
            r(_NAME_START + _NAME_REST, "nf", "#pop"),
            r(r"\([^\s\w{]{1,2}\)", "o", "#pop"),
            r(r"[^\s\w{]{1,2}", "o", "#pop"),
        ],
        "typename": [r(_NAME_START + _NAME_REST, "nc", "#pop")],
        "stringescape": [
            r(
                r"""\\([\\abfnrtv"']|\n|N\{.*?\}|u[a-fA-F0-9]{4}|U[a-fA-F0-9]{8}|x[a-fA-F0-9]{2}|[0-7]{1,3})""",
                "se",
            )
        ],
        "blockcomment": [
            r(r"[^=#]", "cm"),
            r(r"#=", "cm", "blockcomment"),
            r(r"=#", "cm", "#pop"),
            r(r"[=#]", "cm"),
        ],
        "string": [
            Mixin("stringescape"),
            r(r'"', "s", "#pop"),
            r(r'\\\\|\\"|\\\n', "se"),
            r(r"\$(\(\w+\))?[-#0 +]*([0-9]+|[*])?(\.([0-9]+|[*]))?", "si"),
            r(r'[^\\"$]+', "s"),
            r(r'["\\]', "s"),
            r(r"\$", "s"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"julia": JULIA}
