//! Starter projects, compiled into the binary. Each runs as created (the API tests run
//! every one) and has a README.

pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    pub language: &'static str,
    pub description: &'static str,
    pub entry: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! file {
    ($dir:literal, $path:literal) => {
        (
            $path,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/templates/",
                $dir,
                "/",
                $path
            )),
        )
    };
}

pub static TEMPLATES: &[Template] = &[
    Template {
        id: "python-cli",
        name: "Python command-line program",
        language: "python",
        description: "A Python program in two modules that reads standard input.",
        entry: "main.py",
        files: &[
            file!("python-cli", "README.md"),
            file!("python-cli", "main.py"),
            file!("python-cli", "greeting.py"),
        ],
    },
    Template {
        id: "node-script",
        name: "Node.js script",
        language: "javascript",
        description: "A Node.js script with a CommonJS module in lib/.",
        entry: "main.js",
        files: &[
            file!("node-script", "README.md"),
            file!("node-script", "main.js"),
            file!("node-script", "lib/greeting.js"),
        ],
    },
    Template {
        id: "java-app",
        name: "Java application",
        language: "java",
        description: "A Java application with a main class and a helper class.",
        entry: "Main.java",
        files: &[
            file!("java-app", "README.md"),
            file!("java-app", "Main.java"),
            file!("java-app", "Greeter.java"),
        ],
    },
    Template {
        id: "cpp-program",
        name: "C++ program",
        language: "cpp",
        description: "A C++17 program split into a header and two source files.",
        entry: "main.cpp",
        files: &[
            file!("cpp-program", "README.md"),
            file!("cpp-program", "main.cpp"),
            file!("cpp-program", "greeting.h"),
            file!("cpp-program", "greeting.cpp"),
        ],
    },
];

pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}
