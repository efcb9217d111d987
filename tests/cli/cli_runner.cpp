// SupportLab tests: run supportlab-cli as a child process (fork/exec), capturing stdout and stderr.
#include "cli_runner.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sl::test {

namespace {

std::string TempDir() {
    const char* t = std::getenv("TMPDIR");
    std::filesystem::path dir = std::filesystem::path(t ? t : "/tmp") / ("supportlab-cli-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

} // namespace

std::string ReadWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
    const std::string path = TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

CliResult RunCli(const std::vector<std::string>& args) { return RunCliWithInput(args, std::string()); }

CliResult RunCliWithInput(const std::vector<std::string>& args, const std::string& input) {
    const std::string dir = TempDir();
    const std::string outPath = dir + "/stdout.txt", errPath = dir + "/stderr.txt", inPath = dir + "/stdin.txt";
    if (!input.empty()) std::ofstream(inPath, std::ios::binary | std::ios::trunc) << input;
    const pid_t pid = fork();
    if (pid == 0) {
        const int in = open(input.empty() ? "/dev/null" : inPath.c_str(), O_RDONLY);
        const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0) _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        std::vector<char*> argv;
        std::string exe = SUPPORTLAB_CLI_PATH;
        argv.push_back(exe.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    CliResult r;
    int status = 0;
    waitpid(pid, &status, 0);
    r.m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.m_out = ReadWholeFile(outPath);
    r.m_err = ReadWholeFile(errPath);
    return r;
}

} // namespace sl::test
