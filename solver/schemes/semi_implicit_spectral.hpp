#pragma once
// The reference scheme of MODEL.md §2, written once over a backend's primitives
// (Buffer, Fft, Exec). Instantiated for the CPU in semi_implicit_cpu.cpp and for CUDA in
// semi_implicit_cuda.cu; nothing here knows a vendor API. Under MPI (CPU or CUDA ranks) a rank
// holds a z slab of the computational grid (SlabLayout from the FFT); the pointwise kernels are
// the same, reductions are summed over ranks and the no-flux mirror is exchanged between ranks.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/communicator.hpp"
#include "kernels/distributed/fft_options.hpp"
#include "kernels/fft.hpp"
#include "solver/core/errors.hpp"
#include "solver/schemes/mirror_exchange.hpp"
#include "solver/schemes/solver.hpp"
#include "solver/schemes/spectral_grid.hpp"
#include "solver/schemes/spectral_kernels.hpp"

namespace pf {

template <class Backend, class Real>
class SemiImplicitSpectral final : public Solver {
  using Cplx = Complex<Real>;
  using Ex = Exec<Backend>;

 public:
  explicit SemiImplicitSpectral(const PhysicsSetup& s)
      : setup_(s),
        comm_(world()),
        grid_(SpectralGrid<Real>::from(s.grid)),
        free_energy_(cast_free_energy<Real>(s.free_energy)),
        mobility_(cast_mobility<Real>(s.mobility)),
        fft_({grid_.nz, grid_.ny, grid_.nx}, &comm_, distributed_fft_options(comm_)),
        slab_(fft_.slab()),
        phi_(grid_.plane_size() * slab_.nz),
        work_(grid_.plane_size() * slab_.nz),
        phi_hat_(slab_.complex_alloc),
        work_hat_(slab_.complex_alloc),
        scratch_hat_(slab_.complex_alloc) {
    grid_ = local(grid_);
    if (!constant_mobility()) div_hat_.emplace(slab_.complex_alloc);
    if (comm_.size() > 1 && grid_.mirrored())
      mirror_exchange_.emplace(comm_, grid_.nz_physical, grid_.nz, slab_.z0, slab_.nz, grid_.plane_size() * sizeof(Real));
  }

  // Takes this rank's planes of the whole physical field.
  void set_state(std::span<const double> phi) override {
    const PlaneRange r = local_planes();
    std::vector<Real> host(grid_.plane_size() * std::size_t(r.count));
    std::copy_n(phi.begin() + std::ptrdiff_t(grid_.plane_size() * std::size_t(r.first)), host.size(), host.begin());
    phi_.upload(host.data(), host.size());
    mirror();
  }

  // The whole physical field, gathered from all ranks (collective).
  void get_state(std::span<double> phi) const override {
    std::vector<std::byte> bytes;
    get_state_raw(bytes);
    const Real* v = reinterpret_cast<const Real*>(bytes.data());
    std::copy(v, v + grid_.physical_size(), phi.begin());
  }

  void get_state_raw(std::vector<std::byte>& bytes) const override {
    std::vector<std::byte> mine;
    get_local_state_raw(mine);
    bytes = comm_.all_gather(mine);
  }

  void set_state_raw(std::span<const std::byte> bytes) override {
    if (bytes.size() != grid_.physical_size() * sizeof(Real))
      throw Error("Solver::set_state_raw: " + std::to_string(bytes.size()) + " bytes, expected " +
                  std::to_string(grid_.physical_size() * sizeof(Real)));
    const PlaneRange r = local_planes();
    std::vector<Real> host(grid_.plane_size() * std::size_t(r.count));
    std::memcpy(host.data(), bytes.data() + grid_.plane_size() * std::size_t(r.first) * sizeof(Real), host.size() * sizeof(Real));
    phi_.upload(host.data(), host.size());
    mirror();
  }

  // The physical planes of this rank's slab (a mirrored grid's second half holds none).
  PlaneRange local_planes() const override {
    return {std::min(slab_.z0, grid_.nz_physical), std::clamp(grid_.nz_physical - slab_.z0, 0, slab_.nz)};
  }

  void get_local_state(std::span<double> phi) const override {
    std::vector<Real> host(grid_.plane_size() * std::size_t(local_planes().count));
    phi_.download(host.data(), host.size());
    std::copy(host.begin(), host.end(), phi.begin());
  }

  void get_local_state_raw(std::vector<std::byte>& bytes) const override {
    const std::size_t n = grid_.plane_size() * std::size_t(local_planes().count);
    bytes.resize(n * sizeof(Real));
    phi_.download(reinterpret_cast<Real*>(bytes.data()), n);
  }

  void step(double dt, std::uint64_t step_index) override {
    // Frozen dynamics (a stage's mobility_factor = 0): the update is the identity, and skipping
    // it keeps phi bit-for-bit unchanged instead of passing it through two FFTs.
    last_noise_ = {};
    if (mobility_factor_ == 0) return;
    const kernels::SemiImplicitFactor<Real> factor = update_factor(dt);
    const std::size_t nr = grid_.local_real_size(), nc = grid_.local_complex_size();

    fft_.forward(phi_.data(), phi_hat_.data());
    Ex::for_each(nr, kernels::LocalChemicalPotential<Real>{phi_.data(), work_.data(), free_energy_, grid_, z_view()});
    fft_.forward(work_.data(), work_hat_.data());

    if (constant_mobility()) {
      // 3 FFTs: E^ = -M k^2 mu^ exactly (MODEL.md §2's reduction when M = M-bar, A = 0).
      Ex::for_each(nc, kernels::ConstantMobilityUpdate<Real>{phi_hat_.data(), work_hat_.data(), grid_,
                                                             Real(setup_.mobility.M0 * mobility_factor_ * setup_.mobility.temperature_factor),
                                                             Real(setup_.kappa), factor});
      fft_.backward(work_hat_.data(), phi_.data());
    } else {
      // 9 FFTs: E = div(M(phi) grad mu + zeta) with gradients and products in real space.
      Ex::for_each(nc, kernels::SpectralChemicalPotential<Real>{work_hat_.data(), phi_hat_.data(), grid_,
                                                                Real(setup_.kappa)});
      if (setup_.noise_sigma > 0) last_noise_ = {true, dt, step_index};
      bool first = true;
      const std::array<int, 3> extent{grid_.nx, grid_.ny, grid_.nz};
      for (int axis = 0; axis < 3; ++axis) {
        // k = 0 along a unit axis: its flux has no divergence. nx >= 2 always, so x runs first.
        if (extent[axis] == 1) continue;
        Ex::for_each(nc, kernels::SpectralDerivative<Real>{work_hat_.data(), scratch_hat_.data(), grid_, axis});
        fft_.backward(scratch_hat_.data(), work_.data());
        Ex::for_each(nr, flux_kernel(phi_.data(), work_.data(), axis, dt, step_index));
        fft_.forward(work_.data(), scratch_hat_.data());
        Ex::for_each(nc, kernels::AccumulateDivergence<Real>{scratch_hat_.data(), div_hat_->data(), grid_, axis, first});
        first = false;
      }
      Ex::for_each(nc, kernels::VariableMobilityUpdate<Real>{phi_hat_.data(), div_hat_->data(), grid_, factor});
      fft_.backward(div_hat_->data(), phi_.data());
    }
    // The bath changes physical face planes only; the mirror then copies them.
    apply_bath(dt);
    mirror();
  }

  Diagnostics diagnostics() override {
    const std::size_t nr = grid_.local_real_size(), nc = grid_.local_complex_size();
    const double n_total = double(grid_.real_size());
    const double cell = setup_.grid.cell_volume();
    // A mirrored grid holds the physical box twice.
    const double copies = grid_.mirrored() ? 2.0 : 1.0;
    fft_.forward(phi_.data(), phi_hat_.data());
    const double bulk =
        comm_.sum(Ex::sum(nr, kernels::BulkEnergyDensity<Real>{phi_.data(), free_energy_, grid_, z_view()})) * cell;
    const double gradient = comm_.sum(Ex::sum(nc, kernels::GradientEnergySpectral<Real>{phi_hat_.data(), grid_})) * 0.5 *
                            setup_.kappa * cell / n_total;
    Diagnostics d;
    d.free_energy = (bulk + gradient) / copies;
    d.mass = comm_.sum(Ex::sum(nr, kernels::Value<Real>{phi_.data()})) / n_total;
    d.max_abs = comm_.max(Ex::max(nr, kernels::AbsValue<Real>{phi_.data()}));
    return d;
  }

  void set_spacing(std::array<double, 3> spacing) override {
    for (int a = 0; a < 3; ++a)
      if (!(spacing[a] > 0) || !std::isfinite(spacing[a]))
        throw Error("Solver::set_spacing: spacing along axis " + std::to_string(a) + " = " + std::to_string(spacing[a]) +
                    " must be positive and finite");
    setup_.grid.spacing = spacing;
    grid_ = local(SpectralGrid<Real>::from(setup_.grid));
  }

  void set_mobility_factor(double factor) override {
    if (!(factor >= 0) || !std::isfinite(factor))
      throw Error("Solver::set_mobility_factor: " + std::to_string(factor) + " must be finite and >= 0");
    mobility_factor_ = factor;
    Mobility<double> scaled = setup_.mobility;
    scaled.M0 *= factor;
    mobility_ = cast_mobility<Real>(scaled);
  }

  void set_z_profiles(const ZProfiles& p) override {
    if (p.empty()) {
      z_profiles_.reset();
      reference_mobility_ = setup_.reference_mobility;
      return;
    }
    const std::size_t nz = std::size_t(grid_.nz_physical);
    if (p.chi.size() != nz || p.temperature_factor.size() != nz || p.phi_arrest.size() != nz)
      throw Error("Solver::set_z_profiles: each profile needs nz = " + std::to_string(nz) + " values");
    std::vector<Real> host(3 * nz);
    for (std::size_t k = 0; k < nz; ++k) {
      host[k] = Real(p.chi[k]);
      host[nz + k] = Real(p.temperature_factor[k]);
      host[2 * nz + k] = Real(p.phi_arrest[k]);
    }
    if (!z_profiles_) z_profiles_.emplace(3 * nz);
    z_profiles_->upload(host.data(), host.size());
    // M-bar bounds the largest local mobility over phi and z (same sampling as
    // physics_from_config, so uniform profiles give the uniform M-bar exactly).
    double m_max = 0;
    for (std::size_t k = 0; k < nz; ++k) {
      if (k > 0 && p.temperature_factor[k] == p.temperature_factor[k - 1] && p.phi_arrest[k] == p.phi_arrest[k - 1]) continue;
      Mobility<double> m = setup_.mobility;
      m.temperature_factor = p.temperature_factor[k];
      m.phi_arrest = p.phi_arrest[k];
      m_max = std::max(m_max, max_mobility(m));
    }
    reference_mobility_ = m_max;
    if (!div_hat_) div_hat_.emplace(slab_.complex_alloc);
  }

  void set_bath(const BathCondition& bath) override {
    if (bath.any() && !grid_.mirrored())
      throw Error("Solver::set_bath: a solvent bath needs [grid] boundary_z = \"no_flux\" with nz > 1");
    bath_ = bath;
    exchange_ = {};
  }
  BathExchange last_bath_exchange() const override { return exchange_; }

  Grid grid() const override { return setup_.grid; }

  void save_state() override {
    if (!saved_) saved_.emplace(grid_.local_real_size());
    saved_->copy_from(phi_);
  }
  void restore_state() override { phi_.copy_from(*saved_); }
  double max_change_from_saved(bool without_noise) override {
    const std::size_t nr = grid_.local_real_size();
    if (!without_noise || !last_noise_.active)
      return comm_.max(Ex::max(nr, kernels::AbsDifference<Real>{phi_.data(), saved_->data()}));
    noise_share_of_last_step();
    return comm_.max(Ex::max(nr, kernels::AbsDifferenceLess<Real>{phi_.data(), saved_->data(), work_.data()}));
  }

  void synchronize() override { Ex::synchronize(); }

  StepProfile profile(double dt, int repeats) override {
    const std::size_t nr = grid_.local_real_size(), nc = grid_.local_complex_size();
    // Steady clock on the CPU, CUDA events on the device (Exec<Backend>::time_ms).
    auto time_ms = [&](auto&& body) { return Ex::time_ms(repeats, body); };
    StepProfile p;
    const bool constant = constant_mobility();
    int axes = 0;
    for (int n : std::array<int, 3>{grid_.nx, grid_.ny, grid_.nz}) axes += n > 1 ? 1 : 0;
    p.ffts_per_step = constant ? 3 : 3 + 2 * axes;
    std::uint64_t step = 0;
    p.step_ms = time_ms([&] { this->step(dt, step++); });
    // The same transforms on scratch buffers: forward ones real -> complex, backward ones back.
    const int forward = constant ? 2 : 2 + axes, backward = p.ffts_per_step - forward;
    p.fft_ms = time_ms([&] {
      for (int f = 0; f < forward; ++f) fft_.forward(phi_.data(), scratch_hat_.data());
      for (int b = 0; b < backward; ++b) fft_.backward(scratch_hat_.data(), work_.data());
    });
    p.pointwise_ms = std::max(0.0, p.step_ms - p.fft_ms);
    p.reduction_ms = time_ms([&] { diagnostics(); });
    // Minimal traffic in units of one real field: an FFT reads one field and writes one
    // (a half spectrum of complex numbers is the size of one real field); kernels per their arrays.
    const double field = double(nr) * sizeof(Real);
    const double ffts = 2.0 * p.ffts_per_step;
    const double kernels = constant ? 2 /* f' */ + 3 /* update */ + (grid_.mirrored() ? 1 : 0)
                                    : 2 + 3 /* mu^ */ + axes * (2 /* d/dx */ + 3 /* flux */ + 3 /* div */) + 3 + (grid_.mirrored() ? 1 : 0);
    p.bytes_per_step = (ffts + kernels) * field;
    (void)nc;
    return p;
  }

  double copy_bandwidth_gb_s(std::size_t bytes) override {
    Buffer<char, Backend> a(bytes), b(bytes);
    b.copy_from(a);  // first touch
    const int repeats = 10;
    const double s = Ex::time_ms(repeats, [&] { b.copy_from(a); }) * repeats / 1e3;
    char sink = 0;
    b.download(&sink, 1);  // a read of the copies, so the compiler cannot drop them as dead stores
    return 2.0 * double(bytes) * repeats / s / 1e9 + 0.0 * sink;
  }

  std::string backend_name() const override { return Backend::name; }
  Precision precision() const override {
    return sizeof(Real) == sizeof(double) ? Precision::float64 : Precision::float32;
  }
  std::size_t bytes_allocated() const override {
    std::size_t complex_buffers = 3 + (div_hat_ ? 1 : 0);
    std::size_t real_buffers = 2 + (saved_ ? 1 : 0);
    return real_buffers * grid_.local_real_size() * sizeof(Real) + complex_buffers * slab_.complex_alloc * sizeof(Cplx) +
           fft_.buffer_bytes();
  }

 private:
  bool constant_mobility() const { return setup_.mobility.is_constant() && setup_.noise_sigma <= 0 && !z_profiles_; }

  kernels::ZProfileView<Real> z_view() const {
    if (!z_profiles_) return {};
    const Real* base = z_profiles_->data();
    const std::size_t nz = std::size_t(grid_.nz_physical);
    return {base, base + nz, base + 2 * nz};
  }

  void apply_bath(double dt) {
    exchange_ = {};
    if (!bath_.any()) return;
    const std::size_t plane = grid_.plane_size();
    const Real fraction = Real(-std::expm1(-bath_.rate * dt * mobility_factor_));
    // Face plane iz (global) is on one rank; every rank joins the sum.
    auto relax = [&](int iz) {
      const int local_iz = iz - grid_.z0;
      double sum = 0;
      if (local_iz >= 0 && local_iz < grid_.nz_local) {
        const kernels::BathDelta<Real> delta{phi_.data(), grid_, local_iz, Real(bath_.phi_bath), fraction};
        sum = Ex::sum(plane, delta);
        Ex::for_each(plane, kernels::BathRelaxation<Real>{phi_.data(), delta});
      }
      return comm_.sum(sum);
    };
    if (bath_.bottom) exchange_.bottom = relax(0);
    if (bath_.top) exchange_.top = relax(grid_.nz_physical - 1);
  }

  // The noise's share of the last step's change, into work_: the step is linear in its flux, so
  // this is the same update applied to the noise flux alone (drawn again from the counter RNG, at
  // the saved state the step started from). 3 forward and 1 backward FFT, only when asked.
  void noise_share_of_last_step() {
    const std::size_t nr = grid_.local_real_size(), nc = grid_.local_complex_size();
    const double dt = last_noise_.dt;
    const std::array<int, 3> extent{grid_.nx, grid_.ny, grid_.nz};
    bool first = true;
    for (int axis = 0; axis < 3; ++axis) {
      if (extent[axis] == 1) continue;
      Ex::for_each(nr, kernels::NoiseFluxOnly<Real>{flux_kernel(saved_->data(), nullptr, axis, dt, last_noise_.step),
                                                    work_.data()});
      fft_.forward(work_.data(), scratch_hat_.data());
      Ex::for_each(nc, kernels::AccumulateDivergence<Real>{scratch_hat_.data(), div_hat_->data(), grid_, axis, first});
      first = false;
    }
    Ex::for_each(nc, kernels::LinearResponse<Real>{div_hat_->data(), grid_, update_factor(dt)});
    fft_.backward(div_hat_->data(), work_.data());
  }

  // The step's semi-implicit factor and its flux kernel (mobility times the gradient, plus the
  // Cook-Langer noise keyed by step index): one definition for step() and the noise share.
  kernels::SemiImplicitFactor<Real> update_factor(double dt) const {
    return {Real(dt), Real(reference_mobility_ * mobility_factor_), Real(setup_.kappa), Real(setup_.stabilization),
            Real(1.0 / double(grid_.real_size()))};
  }
  kernels::MobilityFlux<Real> flux_kernel(const Real* phi, Real* grad, int axis, double dt, std::uint64_t step) const {
    const Real noise_variance =
        setup_.noise_sigma > 0 ? Real(2 * setup_.noise_sigma / (dt * setup_.grid.cell_volume())) : Real(0);
    return {phi, grad, mobility_, grid_, Real(1.0 / double(grid_.real_size())), axis, noise_variance,
            CounterRng{setup_.noise_seed, 1u}, step, z_view()};
  }

  void mirror() {
    if (!grid_.mirrored()) return;
    if (mirror_exchange_) {
      if constexpr (std::is_same_v<Backend, Cpu>) {
        mirror_exchange_->apply(reinterpret_cast<std::byte*>(phi_.data()));
      } else {
        // Device slab staged through the host: about one slab each way per step, small next to
        // the 2 all-to-all transposes of each of the step's FFTs.
        std::vector<Real> host(grid_.local_real_size());
        phi_.download(host.data(), host.size());
        mirror_exchange_->apply(reinterpret_cast<std::byte*>(host.data()));
        phi_.upload(host.data(), host.size());
      }
    } else
      Ex::for_each(grid_.physical_size(), kernels::MirrorZ<Real>{phi_.data(), grid_});
  }

  SpectralGrid<Real> local(SpectralGrid<Real> g) const {
    g.z0 = slab_.z0;
    g.nz_local = slab_.nz;
    if (slab_.transposed) {
      g.transposed = true;
      g.y0 = slab_.y0;
      g.ny_local = slab_.ny;
    }
    return g;
  }

  PhysicsSetup setup_;  // setup_.grid.spacing follows set_spacing; setup_.mobility stays unscaled
  const Communicator& comm_;
  double mobility_factor_ = 1;
  double reference_mobility_ = setup_.reference_mobility;  // M-bar; raised by z profiles
  std::optional<Buffer<Real, Backend>> z_profiles_;         // chi, temperature factor, phi_arrest per plane
  BathCondition bath_;
  BathExchange exchange_;
  SpectralGrid<Real> grid_;
  FreeEnergy<Real> free_energy_;
  Mobility<Real> mobility_;
  Fft<Backend, Real> fft_;
  SlabLayout slab_;  // this rank's planes of the computational grid
  std::optional<MirrorExchange> mirror_exchange_;  // several ranks and a mirrored grid
  Buffer<Real, Backend> phi_, work_;
  Buffer<Cplx, Backend> phi_hat_, work_hat_, scratch_hat_;
  std::optional<Buffer<Cplx, Backend>> div_hat_;
  std::optional<Buffer<Real, Backend>> saved_;
  struct {
    bool active = false;  // the last step drew flux noise
    double dt = 0;
    std::uint64_t step = 0;
  } last_noise_;
};

}  // namespace pf
