"""Groovy and Gradle build scripts, tokenized as Rouge 3.30's ``groovy.rb`` and ``gradle.rb``
do (Gradle is Groovy with more keywords and types)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, Words, r, words


def _method(run: Run, m: RuleMatch) -> None:
    # Rouge delegates the return type to ``self.clone``: a shallow copy that shares the state
    # stack (and instance variables) with the lexer itself.
    clone = Run(run.spec)
    clone.stack = run.stack
    clone.vars = run.vars
    run.delegate(clone, m.group(1))
    run.token("nf", m.group(2))
    run.token("", m.group(3))
    run.token("o", m.group(4))


# A word's class by the lexer's own word sets (Gradle's add to Groovy's).
_WORD = Words(
    (("keywords", "k", None), ("declarations", "kd", None), ("types", "kt", None), ("constants", "kc", None)),
    ("n", None),
)


GROOVY = LexerSpec(
    "groovy",
    {
        "root": [
            r(r"^(\s*(?:\w[\w.\[\]]*\s+)+?)(\w\w*)(\s*)(\()", _method),
            r(r"[^\S\n]+", ""),
            r(r"//.*?$", "c1"),
            r(r"/[*].*?[*]/", "cm", flags=re.S),
            r(r"@\w[\w.]*", "nd"),
            r(r"(?:class|interface|trait)\b", "kd", "class"),
            r(r"package\b", "kn", "import"),
            r(r"import\b", "kn", "import"),
            r(r'""".*?"""', "s2", flags=re.S),
            r(r"'''.*?'''", "s1", flags=re.S),
            r(r'"(?:\\.|\\\n|.)*?"', "s2"),
            r(r"'(?:\\.|\\\n|.)*?'", "s1"),
            r(r"\$/(?:\$.|.)*?/\$", "s", flags=re.S),
            r(r"/(?:\\.|\\\n|.)*?/", "s"),
            r(r"'\\.'|'[^\\]'|'\\u[0-9a-f]{4}'", "sc"),
            r(r"(\.)([a-zA-Z_][a-zA-Z0-9_]*)", ("o", "na")),
            r(r"[a-zA-Z_][a-zA-Z0-9_]*:", "nl"),
            r(r"[a-zA-Z_$][a-zA-Z0-9_]*", _WORD),
            r(r"[~^*!%&\[\](){}<>|+=:;,./?-]", "o"),
            r(r"\d+\.\d+(?:[eE]\d+)?[fd]?", "mf"),
            r(r"0x[0-9a-f]+", "mh"),
            r(r"[0-9]+L?", "mi"),
            r(r"\n", ""),
        ],
        "class": [r(r"\s+", ""), r(r"\w\w*", "nc", "#pop")],
        "import": [r(r"\s+", ""), r(r"[\w.]+[*]?", "nn", "#pop")],
    },
    attrs={
        "keywords": words(
            "assert break case catch continue default do else finally for if goto instanceof new "
            "return switch this throw try while in as"
        ),
        "declarations": words(
            "abstract const enum extends final implements native private protected public static "
            "strictfp super synchronized throws transient volatile"
        ),
        "types": words("def boolean byte char double float int long short void"),
        "constants": words("true false null"),
    },
)

GRADLE = GROOVY.derive(
    "gradle",
    attrs={
        "keywords": GROOVY.attrs["keywords"]
        | words(
            "allprojects artifacts buildscript configuration dependencies repositories sourceSets "
            "subprojects publishing"
        ),
        "types": GROOVY.attrs["types"]
        | words(
            "Project Task Gradle Settings Script JavaToolChain SourceSet SourceSetOutput "
            "IncrementalTaskInputs Configuration ResolutionStrategy ArtifactResolutionQuery "
            "ComponentSelection ComponentSelectionRules ConventionProperty ExtensionAware "
            "ExtraPropertiesExtension PublishingExtension IvyPublication IvyArtifact "
            "IvyArtifactSet IvyModuleDescriptorSpec MavenPublication MavenArtifact "
            "MavenArtifactSet MavenPom PluginDependenciesSpec PluginDependencySpec "
            "ResourceHandler TextResourceFactory"
        ),
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"groovy": GROOVY, "gradle": GRADLE}
