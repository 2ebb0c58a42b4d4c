/** A news page as a browser saves it: the article among menus, related headlines, scripts and a footer. */

const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Headlines of other articles with figures in them: none may ever be read as the report's facts. */
export const RELATED_HEADLINES = [
  'Bắt giữ 12 đối tượng vận chuyển 30 bánh heroin qua biên giới',
  'Kết nạp 45 đảng viên mới tại các xã biên giới',
  'Hỗ trợ 200 hộ nghèo khu vực biên giới đón Tết',
];
export const MENU = ['Trang chủ', 'Chính trị', 'Quốc phòng - An ninh', 'Kinh tế', 'Xã hội', 'Biên phòng toàn dân'];

export function buildWebPage(
  paragraphs: readonly string[],
  options: { headMeta?: string; title?: string } = {},
): string {
  const title = options.title ?? paragraphs[0] ?? '';
  const links = (items: readonly string[]): string =>
    items.map((item, index) => `<li><a href="/bai-${index}.html">${escapeHtml(item)}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="vi"><head>${options.headMeta ?? '<meta charset="utf-8">'}
<title>${escapeHtml(title)} | Báo Biên phòng</title>
<style>.menu li { display: inline; } /* 2.102 người */</style>
<script>window.dataLayer = [{ views: 2102, shares: 916 }];</script>
</head><body>
<header class="site-header"><div class="logo">Báo Biên phòng</div>
<nav><ul class="menu">${links(MENU)}</ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/qp">Quốc phòng</a> » <a href="/bp">Biên phòng</a></div>
<div class="container"><main><article class="detail">
<h1>${escapeHtml(title)}</h1>
${paragraphs
  .slice(1)
  .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`)
  .join('\n')}
<div class="share"><a href="#fb">Facebook</a> <a href="#zalo">Zalo</a> <a href="#tw">Twitter</a>
<a href="#mail">Email</a></div>
<div style="display:none">Quảng cáo: giảm giá 50% cho 1.000 khách hàng</div>
</article>
<div class="related"><h3>Tin liên quan</h3><ul>${links(RELATED_HEADLINES)}</ul></div>
</main>
<aside><h3>Đọc nhiều</h3><ul>${links(RELATED_HEADLINES)}</ul></aside></div>
<footer><p>Cơ quan chủ quản: Bộ Tư lệnh Bộ đội Biên phòng. Giấy phép số 123/GP-BTTTT.</p></footer>
<script src="/js/app.js"></script>
</body></html>
`;
}
