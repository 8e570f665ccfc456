# Reference values for tests/test_statistics.py, from R (independent software).
# Run from this folder:  Rscript reference.R   (writes r_results.csv)
# R 4.2.2, psych 2.2.9, lme4 1.1-31 (Debian bookworm packages) produced the committed file.
suppressMessages({library(psych); library(lme4)})
out <- list()
put <- function(name, value) out[[name]] <<- unname(value)

# R's documented sleep example (?t.test)
x <- sleep$extra[1:10]; y <- sleep$extra[11:20]
tt <- t.test(x, y, paired = TRUE)
put("sleep_paired_t", tt$statistic); put("sleep_paired_df", tt$parameter); put("sleep_paired_p", tt$p.value)
put("sleep_paired_ci_low", tt$conf.int[1]); put("sleep_paired_ci_high", tt$conf.int[2])
w <- t.test(x, y)
put("sleep_welch_t", w$statistic); put("sleep_welch_df", w$parameter); put("sleep_welch_p", w$p.value)
put("sleep_welch_ci_low", w$conf.int[1]); put("sleep_welch_ci_high", w$conf.int[2])

# paired data with ties and zero differences: normal approximation with correction
p <- read.csv("pairs_ties.csv")
wt <- suppressWarnings(wilcox.test(p$after, p$before, paired = TRUE))
put("ties_v", wt$statistic); put("ties_p", wt$p.value)
tt <- t.test(p$after, p$before, paired = TRUE)
put("ties_t", tt$statistic); put("ties_p_t", tt$p.value); put("ties_ci_low", tt$conf.int[1]); put("ties_ci_high", tt$conf.int[2])
d <- p$after - p$before
put("ties_dz", mean(d) / sd(d))

# no ties, no zeros, n < 50: exact
e <- read.csv("pairs_exact.csv")
we <- wilcox.test(e$after, e$before, paired = TRUE)
put("exact_v", we$statistic); put("exact_p", we$p.value)

# Mann-Whitney (wilcox.test, unpaired) with ties: W of the first sample
mw <- suppressWarnings(wilcox.test(p$after, p$before))
put("mw_w", mw$statistic); put("mw_p", mw$p.value)

# Cronbach's alpha (psych) and the Feldt interval from the F distribution
it <- read.csv("items.csv")
a <- psych::alpha(it, warnings = FALSE)$total$raw_alpha
n <- nrow(it); k <- ncol(it)
put("alpha", a)
feldt <- psych::alpha.ci(a, n.obs = n, n.var = k, digits = 12)  # psych's own Feldt interval
put("alpha_feldt_low", feldt$lower.ci)
put("alpha_feldt_high", feldt$upper.ci)

# A scale of one's own: psych's bfi, conscientiousness C1-C5, C4 and C5 reversed (scale 1-6).
# bfi_conscientiousness.csv is written from psych's data here; raw_alpha is from pairwise
# covariances (psych's default); the listwise value uses complete rows only.
x <- bfi[, c("C1", "C2", "C3", "C4", "C5")]
write.csv(x, "bfi_conscientiousness.csv", row.names = FALSE, na = "")
put("bfi_alpha_pairwise", psych::alpha(x, keys = c("C4", "C5"))$total$raw_alpha)
put("bfi_alpha_listwise", psych::alpha(x[complete.cases(x), ], keys = c("C4", "C5"))$total$raw_alpha)
put("bfi_n_complete", sum(complete.cases(x)))

# Holm adjustment
ps <- c(0.01, 0.04, 0.03, 0.005, 0.2)
adj <- p.adjust(ps, "holm")
for (i in seq_along(adj)) put(paste0("holm_", i), adj[i])

# linear mixed model, REML, random intercept per respondent
l <- read.csv("long.csv", encoding = "UTF-8")
l$round <- factor(l$round, levels = c("alku", "väli", "loppu"))
m <- lmer(score ~ round + (1 | id), data = l, REML = TRUE)
fe <- fixef(m); se <- sqrt(diag(vcov(m)))
put("lmm_vali", fe[2]); put("lmm_loppu", fe[3]); put("lmm_vali_se", se[2]); put("lmm_loppu_se", se[3])
wald <- confint(m, method = "Wald", parm = "beta_")
put("lmm_vali_ci_low", wald[2, 1]); put("lmm_vali_ci_high", wald[2, 2])
put("lmm_loppu_ci_low", wald[3, 1]); put("lmm_loppu_ci_high", wald[3, 2])

res <- data.frame(name = names(out), value = sprintf("%.12g", unlist(out)))
write.csv(res, "r_results.csv", row.names = FALSE)
