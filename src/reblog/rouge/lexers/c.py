"""C, C++, Objective-C, Objective-C++, CUDA and GLSL, tokenized as Rouge 3.30's ``c.rb``,
``cpp.rb``, ``objective_c.rb``, ``objective_cpp.rb``, ``objective_c/common.rb``, ``cuda.rb`` and
``glsl.rb`` do.

As in Rouge, C++ is C with rules prepended and word sets extended, and the Objective
variants add the same shared rules on top of C and C++."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleDef, RuleMatch, Run, TokenSource, Words, r, words

# Rouge defines this without /m and interpolates it into a /m regex: Ruby keeps the inner
# flags, so "." stops at newlines here.
_WS = r"(?-s:(?:\s|//.*?\n|/[*].*?[*]/)+)"
_ID = r"[a-zA-Z_][a-zA-Z0-9_]*"

_C_WORDS = {
    "keywords": words(
        "auto break case const continue default do else enum extern for goto if register "
        "restricted return sizeof static struct switch typedef union volatile virtual while "
        "_Alignas _Alignof _Atomic _Generic _Imaginary _Noreturn _Static_assert _Thread_local"
    ),
    "types": words(
        "int long float short double char unsigned signed void jmp_buf FILE DIR div_t ldiv_t "
        "mbstate_t sig_atomic_t fpos_t clock_t time_t va_list size_t ssize_t off_t wchar_t "
        "ptrdiff_t wctrans_t wint_t wctype_t _Bool _Complex int8_t int16_t int32_t int64_t "
        "uint8_t uint16_t uint32_t uint64_t int_least8_t int_least16_t int_least32_t "
        "int_least64_t uint_least8_t uint_least16_t uint_least32_t uint_least64_t int_fast8_t "
        "int_fast16_t int_fast32_t int_fast64_t uint_fast8_t uint_fast16_t uint_fast32_t "
        "uint_fast64_t intptr_t uintptr_t intmax_t uintmax_t char16_t char32_t"
    ),
    "reserved": words(
        "__asm __int8 __based __except __int16 __stdcall __cdecl __fastcall __int32 __declspec "
        "__finally __int61 __try __leave inline _inline __inline naked _naked __naked restrict "
        "_restrict __restrict thread _thread __thread typename _typename __typename"
    ),
    "builtins": frozenset[str](),
}


# A name's class by the lexer's own word sets (C++ and the others extend C's).
_WORD = Words(
    (("keywords", "k", None), ("types", "kt", None), ("reserved", "kr", None), ("builtins", "nb", None)),
    ("n", None),
)


def _recurse(run: Run, text: str | None) -> None:
    """Rouge's ``recurse``: lex ``text`` with a fresh instance of the same lexer."""
    if text:
        run.delegate(Run(run.spec), text)


def _function(run: Run, m: RuleMatch) -> None:
    _recurse(run, m.group(1))
    run.token("nf", m.group(2))
    _recurse(run, m.group(3))
    _recurse(run, m.group(4))
    run.token("p", m.group(5))
    if m.group(5) == "{":
        run.push("function")


def _push_bol(run: Run) -> None:
    run.push("bol")


def _pop_now(run: Run) -> None:
    run.pop()


C = LexerSpec(
    "c",
    {
        "expr_bol": [
            Mixin("inline_whitespace"),
            r(r"#if\s0", "c", "if_0"),
            r(r"#", "cp", "macro"),
            r(r"", None, _pop_now),
        ],
        "bol": [r(rf"{_ID}:(?!:)", "nl"), Mixin("expr_bol")],
        "inline_whitespace": [
            r(r"[ \t\r]+", ""),
            r(r"\\\n", ""),
            r(r"/(?:\\\n)?[*].*?[*](?:\\\n)?/", "cm", flags=re.S),
        ],
        "whitespace": [
            r(r"\n+", "", "bol"),
            r(r"//(?:\\.|.)*?$", "c1", "bol"),
            Mixin("inline_whitespace"),
        ],
        "expr_whitespace": [r(r"\n+", "", "expr_bol"), Mixin("whitespace")],
        "statements": [
            Mixin("whitespace"),
            r(r'(?:u8|u|U|L)?"', "s", "string"),
            r(r"(?:u8|u|U|L)?'(?:\\.|\\[0-7]{1,3}|\\x[a-f0-9]{1,2}|[^\\'\n])'", "sc", flags=re.I),
            r(r"(?:\d+[.]\d*|[.]?\d+)e[+-]?\d+[lu]*", "mf", flags=re.I),
            r(r"\d+e[+-]?\d+[lu]*", "mf", flags=re.I),
            r(r"0x[0-9a-f]+[lu]*", "mh", flags=re.I),
            r(r"0[0-7]+[lu]*", "mo", flags=re.I),
            r(r"\d+[lu]*", "mi", flags=re.I),
            r(r"\*/", "err"),
            r(r"[~!%^&*+=|?:<>/-]", "o"),
            r(r"[()\[\],.;]", "p"),
            r(r"case\b", "k", "case"),
            r(r"(?:true|false|NULL)\b", "nb"),
            r(_ID, _WORD),
        ],
        "case": [r(r":", "p", "#pop"), Mixin("statements")],
        "root": [
            Mixin("expr_whitespace"),
            r(
                rf"([\w*\s]+?[\s*])({_ID})(\s*\([^;]*?\))((?:{_WS})?)(\{{|;)",
                _function,
                flags=re.S,
            ),
            r(r"\{", "p", "function"),
            Mixin("statements"),
        ],
        "function": [
            Mixin("whitespace"),
            Mixin("statements"),
            r(r";", "p"),
            r(r"\{", "p", "function"),
            r(r"\}", "p", "#pop"),
        ],
        "string": [
            r(r'"', "s", "#pop"),
            r(r"""\\(?:[\\abfnrtv"']|x[a-fA-F0-9]{2,4}|[0-7]{1,3})""", "se"),
            r(r'[^\\"\n]+', "s"),
            r(r"\\\n", "s"),
            r(r"\\", "s"),
        ],
        "macro": [
            Mixin("include"),
            r(r"[^/\n\\]+", "cp"),
            r(r"\\.", "cp", flags=re.S),
            Mixin("inline_whitespace"),
            r(r"/", "cp"),
            r(r"\n", "cp", "#pop"),
        ],
        "include": [
            r(r"(include)(\s*)(<[^>]+>)([^\n]*)", ("cp", "", "cpf", "c1")),
            r(r'(include)(\s*)("[^"]+")([^\n]*)', ("cp", "", "cpf", "c1")),
        ],
        "if_0": [
            r(r"^\s*#if", "c", "if_0"),
            r(r"^\s*#\s*el(?:se|if)", "c", "#pop"),
            r(r"^\s*#\s*endif\b.*?(?<!\\)\n", "c", "#pop", flags=re.S),
            r(r".*?\n", "c"),
        ],
    },
    on_start=_push_bol,
    attrs=_C_WORDS,
)

# -- C++ -------------------------------------------------------------------------------------

_DQ = r"\d(?:'?\d)*"
_HEX = r"[0-9a-fA-F]"

CPP = C.derive(
    "cpp",
    prepend={
        "root": [r(r"(?:__offload|__blockingoffload|__outer)\b", "kp")],
        "statements": [
            r(r"(?:class|struct)\b", "k", "classname"),
            r(r"template\b", "k", "template"),
            r(rf"{_DQ}(?:\.{_DQ})?(?:y|d|h|(?:min)|s|(?:ms)|(?:us)|(?:ns)|i|(?:if)|(?:il))\b", "mx"),
            r(rf"(?:{_DQ}[.](?:{_DQ})?|[.]{_DQ})(?:e[+-]?{_DQ}[lu]*)?", "mf", flags=re.I),
            r(rf"{_DQ}e[+-]?{_DQ}[lu]*", "mf", flags=re.I),
            r(rf"0x{_HEX}(?:'?{_HEX})*[lu]*", "mh", flags=re.I),
            r(r"0b[01]+(?:'[01]+)*", "mb"),
            r(r"0[0-7](?:'?[0-7])*[lu]*", "mo", flags=re.I),
            r(rf"{_DQ}[lu]*", "mi", flags=re.I),
            r(r"nullptr\b", "nb"),
            r(
                r"""(?:u8|u|U|L)?R"([a-zA-Z0-9_{}\[\]#<>%:;.?*+\-/^&|~!=,"']{0,16})\(.*?\)\1\"""",
                "s",
                flags=re.S,
            ),
            r(r"(?:::|<=>)", "o"),
            r(r"[{}]", "p"),
        ],
    },
    add={
        "classname": [
            r(_ID, "nc", "#pop"),
            Mixin("whitespace"),
            r(r"[.]{3}", "o"),
            r(r",", "p", "#pop"),
            r(r"", None, _pop_now),
        ],
        "template": [
            r(r"[>;]", "p", "#pop"),
            r(r"typename\b", "k", "classname"),
            Mixin("statements"),
        ],
        "case": [r(r":(?!:)", "p", "#pop"), Mixin("statements")],
    },
    attrs={
        "keywords": _C_WORDS["keywords"]
        | words(
            "asm auto catch char8_t concept consteval constexpr constinit const_cast co_await "
            "co_return co_yield delete dynamic_cast explicit export friend mutable namespace new "
            "operator private protected public reinterpret_cast requires restrict size_of "
            "static_cast this throw throws typeid typename using virtual final override alignas "
            "alignof decltype noexcept static_assert thread_local try"
        ),
        "types": _C_WORDS["types"] | words("bool"),
        "reserved": _C_WORDS["reserved"]
        | words(
            "__virtual_inheritance __uuidof __super __single_inheritance __multiple_inheritance "
            "__interface __event"
        ),
    },
)

# -- Objective-C and Objective-C++ (objective_c/common.rb) -----------------------------------

_OBJC_ID = r"[a-zA-Z$_][a-zA-Z0-9$_]*"
_AT_KEYWORDS = words(
    "selector private protected public encode synchronized try throw catch finally end property "
    "synthesize dynamic optional interface implementation import autoreleasepool"
)
_AT_BUILTINS = words("true false YES NO")


def _at_word(run: Run, m: RuleMatch) -> None:
    word = m.group(1)
    run.token("k" if word in _AT_KEYWORDS else "nb" if word in _AT_BUILTINS else "err")


def _goto_with_args(run: Run, m: RuleMatch) -> None:
    run.groups("nf", "", "p")
    run.goto("message_with_args")


def _method_start(run: Run, m: RuleMatch) -> None:
    run.token("k", m.group(1))
    run.token("", m.group(2))
    _recurse(run, m.group(3))
    run.token("", m.group(4))
    run.push("method_definition")


def _method_arg(run: Run, m: RuleMatch) -> None:
    _recurse(run, m.group(1))
    run.token("nv", m.group(2))


def _method_body(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.goto("function")


def _push_same(run: Run) -> None:
    run.push()


_OBJC_STATEMENTS: list[RuleDef] = [
    r(r'@"', "s", "string"),
    r(r"@'(?:\\[0-7]{1,3}|\\x[a-fA-F0-9]{1,2}|\\.|[^\\'\n]')", "sc"),
    r(r"@(?:\d+[.]\d*|[.]\d+|\d+)e[+-]?\d+l?", "mf", flags=re.I),
    r(r"@(?:\d+[.]\d*|[.]\d+|\d+f)f?", "mf", flags=re.I),
    r(rf"@0x{_HEX}+[lL]?", "mh"),
    r(r"@0[0-7]+l?", "mo", flags=re.I),
    r(r"@\d+l?", "mi"),
    r(r"in\b", "k"),
    r(r"@(?:interface|implementation)\b", "k", "objc_classname"),
    r(r"@(?:class|protocol)\b", "k", "forward_classname"),
    r(r"@((?u:[^\W_])+)", _at_word),
    r(r"[?]", "p", "ternary"),
    r(r"\[", "p", "message"),
    r(r"@\[", "p", "array_literal"),
    r(r"@\{", "p", "dictionary_literal"),
]

_OBJC_STATES: dict[str, list[RuleDef]] = {
    "ternary": [r(r":", "p", "#pop"), Mixin("statements")],
    "message_shared": [
        r(r"\]", "p", "#pop"),
        r(r"\{", "p", "#pop"),
        r(r";", "err"),
        Mixin("statements"),
    ],
    "message": [
        r(rf"({_OBJC_ID})(\s*)(:)", _goto_with_args, flags=re.I),
        r(rf"({_OBJC_ID})(\s*)(\])", ("nf", "", "p"), "#pop", flags=re.I),
        Mixin("message_shared"),
    ],
    "message_with_args": [
        r(r"\{", "p", "function"),
        r(rf"({_OBJC_ID})(\s*)(:)", ("nf", "", "p"), "#pop", flags=re.I),
        Mixin("message_shared"),
    ],
    "array_literal": [r(r"]", "p", "#pop"), r(r",", "p"), Mixin("statements")],
    "dictionary_literal": [r(r"}", "p", "#pop"), r(r",", "p"), Mixin("statements")],
    "objc_classname": [
        Mixin("whitespace"),
        r(rf"({_OBJC_ID})(\s*)(:)(\s*)({_OBJC_ID})", ("nc", "", "p", "", "nc"), "#pop", flags=re.I),
        r(
            rf"({_OBJC_ID})(\s*)([(])(\s*)({_OBJC_ID})(\s*)([)])",
            ("nc", "", "p", "", "nl", "", "p"),
            "#pop",
            flags=re.I,
        ),
        r(_OBJC_ID, "nc", "#pop", flags=re.I),
    ],
    "forward_classname": [
        Mixin("whitespace"),
        r(rf"({_OBJC_ID})(\s*)(,)(\s*)", ("nc", "", "p", ""), _push_same, flags=re.I),
        r(rf"({_OBJC_ID})(\s*)(;?)", ("nc", "", "p"), "#pop", flags=re.I),
    ],
    "method_definition": [
        r(r",", "p"),
        r(r"[.][.][.]", "p"),
        r(rf"([(].*?[)])({_OBJC_ID})", _method_arg, flags=re.I),
        r(rf"({_OBJC_ID})(\s*)(:)", ("nf", "", "p"), flags=re.I | re.S),
        r(r";", "p", "#pop"),
        r(r"{", _method_body),
        Mixin("inline_whitespace"),
        r(r"//.*?\n", "c1"),
        r(r"\s+", ""),
        r(r"", None, _pop_now),
    ],
}

_OBJC_ROOT: list[RuleDef] = [
    r(rf"([-+])(\s*)([(].*?[)])?(\s*)(?={_OBJC_ID}:?)", _method_start, flags=re.I),
]

_OBJC_BUILTINS = {"builtins": words("YES NO nil")}

OBJECTIVE_C = C.derive(
    "objective_c",
    prepend={"statements": _OBJC_STATEMENTS, "root": _OBJC_ROOT},
    add=_OBJC_STATES,
    attrs=_OBJC_BUILTINS,
)

OBJECTIVE_CPP = CPP.derive(
    "objective_cpp",
    prepend={"statements": _OBJC_STATEMENTS, "root": _OBJC_ROOT},
    add=_OBJC_STATES,
    attrs=_OBJC_BUILTINS,
).derive(
    "objective_cpp",
    prepend={
        "statements": [
            r(r"(\.)(class)", ("o", "bp")),
            r(r"(@selector)(\()(class)(\))", ("k", "p", "bp", "p")),
        ]
    },
)


# -- CUDA (cuda.rb) and GLSL (glsl.rb): C++ and C with their own word sets ----------------------

CUDA = CPP.derive(
    "cuda",
    attrs={
        "keywords": CPP.attrs["keywords"]
        | words(
            "__global__ __device__ __host__ __noinline__ __forceinline__ __constant__ __shared__ "
            "__managed__ __restrict__"
        ),
        "types": CPP.attrs["types"]
        | words(
            "char1 char2 char3 char4 uchar1 uchar2 uchar3 uchar4 short1 short2 short3 short4 "
            "ushort1 ushort2 ushort3 ushort4 int1 int2 int3 int4 uint1 uint2 uint3 uint4 long1 "
            "long2 long3 long4 ulong1 ulong2 ulong3 ulong4 longlong1 longlong2 longlong3 "
            "longlong4 ulonglong1 ulonglong2 ulonglong3 ulonglong4 float1 float2 float3 float4 "
            "double1 double2 double3 double4 dim3"
        ),
    },
)

GLSL = C.derive(
    "glsl",
    attrs={
        "keywords": words(
            "attribute const uniform varying layout centroid flat smooth noperspective patch "
            "sample break continue do for while switch case default if else subroutine in out "
            "inout invariant discard return struct precision"
        ),
        "types": words(
            "float double int void bool true false lowp mediump highp mat2 mat3 mat4 dmat2 dmat3 "
            "dmat4 mat2x2 mat2x3 mat2x4 dmat2x2 dmat2x3 dmat2x4 mat3x2 mat3x3 mat3x4 dmat3x2 "
            "dmat3x3 dmat3x4 mat4x2 mat4x3 mat4x4 dmat4x2 dmat4x3 dmat4x4 vec2 vec3 vec4 ivec2 "
            "ivec3 ivec4 bvec2 bvec3 bvec4 dvec2 dvec3 dvec4 uint uvec2 uvec3 uvec4 sampler1D "
            "sampler2D sampler3D samplerCube sampler1DShadow sampler2DShadow samplerCubeShadow "
            "sampler1DArray sampler2DArray sampler1DArrayShadow sampler2DArrayShadow isampler1D "
            "isampler2D isampler3D isamplerCube isampler1DArray isampler2DArray usampler1D "
            "usampler2D usampler3D usamplerCube usampler1DArray usampler2DArray sampler2DRect "
            "sampler2DRectShadow isampler2DRect usampler2DRect samplerBuffer isamplerBuffer "
            "usamplerBuffer sampler2DMS isampler2DMS usampler2DMS sampler2DMSArray "
            "isampler2DMSArray usampler2DMSArray samplerCubeArray samplerCubeArrayShadow "
            "isamplerCubeArray usamplerCubeArray"
        ),
        "reserved": words(
            "common partition active asm class union enum typedef template this packed goto "
            "inline noinline volatile public static extern external interface long short half "
            "fixed unsigned superp input output hvec2 hvec3 hvec4 fvec2 fvec3 fvec4 sampler3DRect "
            "filter image1D image2D image3D imageCube iimage1D iimage2D iimage3D iimageCube "
            "uimage1D uimage2D uimage3D uimageCube image1DArray image2DArray iimage1DArray "
            "iimage2DArray uimage1DArray uimage2DArray image1DShadow image2DShadow "
            "image1DArrayShadow image2DArrayShadow imageBuffer iimageBuffer uimageBuffer sizeof "
            "cast namespace using row_major"
        ),
        "builtins": words(
            "gl_VertexID gl_InstanceID gl_PerVertex gl_Position gl_PointSize gl_ClipDistance "
            "gl_PrimitiveIDIn gl_InvocationID gl_PrimitiveID gl_Layer gl_ViewportIndex "
            "gl_MaxPatchVertices gl_PatchVerticesIn gl_TessLevelOuter gl_TessLevelInner "
            "gl_TessCoord gl_FragCoord gl_FrontFacing gl_PointCoord gl_SampleID gl_SamplePosition "
            "gl_FragColor gl_FragData gl_MaxDrawBuffers gl_FragDepth gl_SampleMask gl_ClipVertex "
            "gl_FrontColor gl_BackColor gl_FrontSecondaryColor gl_BackSecondaryColor gl_TexCoord "
            "gl_FogFragCoord gl_Color gl_SecondaryColor gl_Normal gl_MultiTexCord0 "
            "gl_MultiTexCord1 gl_MultiTexCord2 gl_MultiTexCord3 gl_MultiTexCord4 gl_MultiTexCord5 "
            "gl_MultiTexCord6 gl_MultiTexCord7 gl_FogCoord gl_MaxVertexAttribs "
            "gl_MaxVertexUniformComponents gl_MaxVaryingFloats gl_MaxVaryingComponents "
            "gl_MaxVertexOutputComponents gl_MaxGeometryInputComponents "
            "gl_MaxGeometryOutputComponents gl_MaxFragmentInputComponents "
            "gl_MaxVertexTextureImageUnits gl_MaxCombinedTextureImageUnits "
            "gl_MaxTextureImageUnits gl_MaxFragmentUniformComponents gl_MaxClipDistances "
            "gl_MaxGeometryTextureImageUnits gl_MaxGeometryUniformComponents "
            "gl_MaxGeometryVaryingComponents gl_MaxTessControlInputComponents "
            "gl_MaxTessControlOutputComponents gl_MaxTessControlTextureImageUnits "
            "gl_MaxTessControlUniformComponents gl_MaxTessControlTotalOutputComponents "
            "gl_MaxTessEvaluationInputComponents gl_MaxTessEvaluationOutputComponents "
            "gl_MaxTessEvaluationTextureImageUnits gl_MaxTessEvaluationUniformComponents "
            "gl_MaxTessPatchComponents gl_MaxTessGenLevel gl_MaxViewports "
            "gl_MaxVertexUniformVectors gl_MaxFragmentUniformVectors gl_MaxVaryingVectors "
            "gl_MaxTextureUnits gl_MaxTextureCoords gl_MaxClipPlanes gl_DepthRange "
            "gl_DepthRangeParameters gl_ModelViewMatrix gl_ProjectionMatrix "
            "gl_ModelViewProjectionMatrix gl_TextureMatrix gl_NormalMatrix "
            "gl_ModelViewMatrixInverse gl_ProjectionMatrixInverse "
            "gl_ModelViewProjectionMatrixInverse gl_TextureMatrixInverse "
            "gl_ModelViewMatrixTranspose gl_ModelViewProjectionMatrixTranspose "
            "gl_TextureMatrixTranspose gl_ModelViewMatrixInverseTranspose "
            "gl_ProjectionMatrixInverseTranspose gl_ModelViewProjectionMatrixInverseTranspose "
            "gl_TextureMatrixInverseTranspose gl_NormalScale gl_ClipPlane gl_PointParameters "
            "gl_Point gl_MaterialParameters gl_FrontMaterial gl_BackMaterial "
            "gl_LightSourceParameters gl_LightSource gl_MaxLights gl_LightModelParameters "
            "gl_LightModel gl_LightModelProducts gl_FrontLightModelProduct "
            "gl_BackLightModelProduct gl_LightProducts gl_FrontLightProduct gl_BackLightProduct "
            "gl_TextureEnvColor gl_EyePlaneS gl_EyePlaneT gl_EyePlaneR gl_EyePlaneQ "
            "gl_ObjectPlaneS gl_ObjectPlaneT gl_ObjectPlaneR gl_ObjectPlaneQ gl_FogParameters "
            "gl_Fog"
        ),
    },
)


LEXERS: dict[str, LexerSpec | TokenSource] = {
    "c": C,
    "cpp": CPP,
    "objective_c": OBJECTIVE_C,
    "objective_cpp": OBJECTIVE_CPP,
    "cuda": CUDA,
    "glsl": GLSL,
}
