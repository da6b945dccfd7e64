// The explicit-transpose FFT (kernels/distributed/transpose_fft.hpp, the CUDA ranks' transpose
// code, here with FFTW local transforms) on 2, 3 and 4 ranks that are threads of this process,
// so it runs in every build, the sanitizer build included (the MPI build runs it on real MPI
// ranks: tests/mpi/test_transpose_fft.cpp). Each rank's spectrum is compared with serial FFTW's
// transform of the whole grid, and backward(forward(x)) with N x. Tolerance: 10 eps log2 N in the
// relative 2-norm (an FFT's normwise error is O(eps log2 N): Higham, "Accuracy and Stability of
// Numerical Algorithms", 2nd ed., §24.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <barrier>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <thread>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/communicator.hpp"
#include "kernels/fft.hpp"

namespace {

// What the ranks share: a barrier and each rank's published data.
struct SharedRanks {
  explicit SharedRanks(int n) : sync(n), sends(std::size_t(n)), counts(std::size_t(n)), values(std::size_t(n)) {}
  std::barrier<> sync;
  std::vector<const std::byte*> sends;
  std::vector<std::vector<std::size_t>> counts;
  std::vector<double> values;
};

// Ranks as threads: the collectives through shared memory, with the same semantics as MPI's.
class ThreadCommunicator final : public pf::Communicator {
 public:
  ThreadCommunicator(SharedRanks& shared, int rank) : s_(shared), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return int(s_.values.size()); }
  double sum(double v) const override {
    return reduce(v, [](double a, double b) { return a + b; });
  }
  double max(double v) const override {
    return reduce(v, [](double a, double b) { return std::isnan(a) || a > b ? a : b; });
  }
  void barrier() const override { s_.sync.arrive_and_wait(); }
  std::vector<std::byte> all_gather(std::span<const std::byte>) const override {
    ADD_FAILURE() << "all_gather is not used by the transpose";
    return {};
  }
  void all_to_all(std::span<const std::byte> send, std::span<const std::size_t> send_counts, std::span<std::byte> recv,
                  std::span<const std::size_t> recv_counts) const override {
    s_.sends[std::size_t(rank_)] = send.data();
    s_.counts[std::size_t(rank_)].assign(send_counts.begin(), send_counts.end());
    barrier();
    std::size_t at = 0;
    for (int src = 0; src < size(); ++src) {
      const auto& c = s_.counts[std::size_t(src)];
      std::size_t from = 0;
      for (int d = 0; d < rank_; ++d) from += c[std::size_t(d)];
      EXPECT_EQ(c[std::size_t(rank_)], recv_counts[std::size_t(src)]) << "rank " << src << " -> " << rank_;
      if (c[std::size_t(rank_)] > 0) std::memcpy(recv.data() + at, s_.sends[std::size_t(src)] + from, c[std::size_t(rank_)]);
      at += recv_counts[std::size_t(src)];
    }
    barrier();  // nobody reuses its send buffer before all have read it
  }

 private:
  template <class Op>
  double reduce(double v, Op op) const {
    s_.values[std::size_t(rank_)] = v;
    barrier();
    double r = s_.values[0];
    for (std::size_t i = 1; i < s_.values.size(); ++i) r = op(r, s_.values[i]);
    barrier();
    return r;
  }
  SharedRanks& s_;
  int rank_;
};

struct Errors {
  double spectrum = 0, round_trip = 0, spectrum_ref = 0, field_ref = 0;
};

// One rank's forward and backward transform of its slab of `field`, against `full`.
void run_rank(const pf::Communicator& comm, std::array<int, 3> s, const std::vector<double>& field,
              const std::vector<pf::Complex<double>>& full, Errors& e) {
  pf::Fft<pf::Cpu, double> fft(s, &comm, {true, false});
  const pf::SlabLayout slab = fft.slab();
  ASSERT_TRUE(slab.transposed);
  const std::size_t plane = std::size_t(s[1]) * s[2], count = plane * slab.nz;
  const int nxc = s[2] / 2 + 1;
  pf::Buffer<double, pf::Cpu> local(std::max<std::size_t>(count, 1)), back(std::max<std::size_t>(count, 1));
  std::copy_n(field.begin() + std::ptrdiff_t(plane * slab.z0), count, local.data());
  pf::Buffer<pf::Complex<double>, pf::Cpu> spec(slab.complex_alloc);
  fft.forward(local.data(), spec.data());
  // Transposed order: row iy of this rank holds (nz, nxc).
  for (int y = 0; y < slab.ny; ++y)
    for (int z = 0; z < s[0]; ++z)
      for (int x = 0; x < nxc; ++x) {
        const auto got = spec.data()[(std::size_t(y) * s[0] + z) * nxc + x];
        const auto want = full[(std::size_t(z) * s[1] + slab.y0 + y) * nxc + x];
        e.spectrum += std::pow(got.re - want.re, 2) + std::pow(got.im - want.im, 2);
        e.spectrum_ref += want.re * want.re + want.im * want.im;
      }
  fft.backward(spec.data(), back.data());
  for (std::size_t i = 0; i < count; ++i) {
    e.round_trip += std::pow(back.data()[i] / double(field.size()) - local.data()[i], 2);
    e.field_ref += local.data()[i] * local.data()[i];
  }
}

TEST(TransposeFftThreads, MatchesSerialFftwOnUnevenSplits) {
  for (std::array<int, 3> s : {std::array<int, 3>{9, 5, 7}, {16, 12, 10}, {8, 6, 2}}) {
    const std::size_t n = std::size_t(s[0]) * s[1] * s[2];
    std::vector<double> field(n);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-1, 1);
    for (auto& v : field) v = u(rng);
    pf::Fft<pf::Cpu, double> serial(s);
    pf::Buffer<double, pf::Cpu> whole(n);
    std::copy(field.begin(), field.end(), whole.data());
    const std::size_t nc = std::size_t(s[0]) * s[1] * (s[2] / 2 + 1);
    pf::Buffer<pf::Complex<double>, pf::Cpu> full_buf(nc);
    serial.forward(whole.data(), full_buf.data());
    const std::vector<pf::Complex<double>> full(full_buf.data(), full_buf.data() + nc);
    const double tol = 10 * std::numeric_limits<double>::epsilon() * std::log2(double(n));

    for (int ranks : {2, 3, 4}) {
      SharedRanks shared(ranks);
      std::vector<Errors> errors(static_cast<std::size_t>(ranks));
      std::vector<std::thread> threads;
      for (int r = 0; r < ranks; ++r)
        threads.emplace_back([&, r] {
          const ThreadCommunicator comm(shared, r);
          run_rank(comm, s, field, full, errors[std::size_t(r)]);
        });
      for (auto& t : threads) t.join();
      Errors total;
      for (const auto& e : errors) {
        total.spectrum += e.spectrum;
        total.spectrum_ref += e.spectrum_ref;
        total.round_trip += e.round_trip;
        total.field_ref += e.field_ref;
      }
      EXPECT_NEAR(total.spectrum_ref, [&] {
        double r = 0;
        for (const auto& c : full) r += c.re * c.re + c.im * c.im;
        return r;
      }(), 1e-9 * total.spectrum_ref) << "every spectral row on exactly one rank";
      EXPECT_LE(std::sqrt(total.spectrum / total.spectrum_ref), tol) << ranks << " ranks";
      EXPECT_LE(std::sqrt(total.round_trip / total.field_ref), tol) << ranks << " ranks";
    }
  }
}

}  // namespace
