//! Closed sets of choices (traffic patterns, policies, balancer strategies, metrics...):
//! each variant declares its JSON name, its label and a one-line help once, in [`choices!`].
//!
//! Everything else reads them: serde (the names), the page's selects (labels and help), the
//! command line's help and errors, the property tests' generators (`ALL`). A variant added
//! to the table is everywhere at once; a `match` on the enum elsewhere must handle it.

/// A closed set of named choices.
pub trait Choice: Copy + Eq + std::fmt::Debug + 'static {
    /// Every variant, in the order the page and the help list them.
    const ALL: &'static [Self];
    /// Every variant's JSON name, in the same order.
    const NAMES: &'static [&'static str];
    /// The name in the scenario JSON, such as `round_robin`.
    fn name(self) -> &'static str;
    /// The name a person reads, such as "round robin".
    fn label(self) -> &'static str;
    /// One line that says what it does.
    fn help(self) -> &'static str;

    /// The variant whose JSON name is `name`.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// "label: help" for every variant, one sentence each, for a select's help text.
    fn describe_all() -> String {
        Self::ALL.iter().map(|c| format!("{}: {}", capitalise(c.label()), c.help())).collect::<Vec<_>>().join(" ")
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Reads a choice from its JSON name; an unknown name lists the known ones.
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: Choice>(d: D) -> Result<T, D::Error> {
    struct Visitor<T>(std::marker::PhantomData<T>);
    impl<T: Choice> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "one of `{}`", T::NAMES.join("`, `"))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            T::from_name(v).ok_or_else(|| E::unknown_variant(v, T::NAMES))
        }
    }
    d.deserialize_str(Visitor(std::marker::PhantomData))
}

/// Declares an enum of choices, each with its JSON name, label and help:
///
/// ```ignore
/// choices! {
///     /// How the balancer picks a server.
///     pub enum Strategy {
///         RoundRobin = ("round_robin", "round robin", "Each ready server in turn."),
///     }
/// }
/// ```
#[macro_export]
macro_rules! choices {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = ($json:literal, $label:literal, $help:literal)),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $crate::choice::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($json),+];
            fn name(self) -> &'static str {
                match self { $($name::$variant => $json),+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            fn help(self) -> &'static str {
                match self { $($name::$variant => $help),+ }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::choice::Choice::name(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::choice::deserialize(d)
            }
        }
    };
}
